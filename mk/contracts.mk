# Event contracts: code generated from schemas/ and the topic catalog, topic creation, registry subjects.
.PHONY: generate generate-check topics schemas-register schemas-check

generate: ## regenerate @folio/contracts types, k8s/topics.yaml and docs/topics.md from schemas/
	node libs/contracts/scripts/generate.mjs

generate-check: ## fail if a file generated from schemas/ is stale
	node libs/contracts/scripts/generate.mjs --check
