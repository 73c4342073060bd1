# Event contracts (schemas/, libs/contracts): generated code, topic creation, registry subjects,
# the local compatibility check. See docs/adr/0004-event-contracts.md.
.PHONY: generate generate-check contracts-build topics schemas-register schemas-check schemas-release

FOLIO_SCHEMAS := node libs/contracts/dist/cli.js

generate: ## regenerate @folio/contracts types, k8s/topics.yaml and docs/topics.md from schemas/
	node libs/contracts/scripts/generate.mjs

generate-check: ## fail if a file generated from schemas/ is stale
	node libs/contracts/scripts/generate.mjs --check

contracts-build: generate
	npx tsc -b libs/contracts

topics: contracts-build ## create the catalog's topics on $KAFKA_BROKERS (default 127.0.0.1:19092); existing ones are left alone
	$(FOLIO_SCHEMAS) topics

schemas-register: contracts-build ## set compatibility and register every subject in $SCHEMA_REGISTRY_URL
	source $(INFRA)/env.sh && $(FOLIO_SCHEMAS) register

schemas-check: contracts-build ## check every subject against its released versions in schemas/_released
	$(FOLIO_SCHEMAS) check

schemas-release: schemas-check ## record changed value schemas as their next released version in schemas/_released
	$(FOLIO_SCHEMAS) release
