# Folio: the two commands are `make dev` and `make test`; everything they need is installed by the targets below.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
INFRA := scripts/infra
export FOLIO_ROOT := $(CURDIR)

.PHONY: help install build typecheck infra-up infra-down infra-status dev test test-unit test-int bench clean

help: ## list the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | sort | awk -F':.*## ' '{printf "  %-22s %s\n", $$1, $$2}'

node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund

install: node_modules/.package-lock.json ## install JS dependencies from the lock file (npm ci)

build: install ## compile every workspace (tsc -b)
	npx tsc -b

typecheck: build ## type-check sources and tests
	npx tsc -p tsconfig.test.json

infra-up: ## start Kafka, the schema registry, PostgreSQL databases, the object store and the mail server
	$(INFRA)/up.sh

infra-down: ## stop the local infrastructure (state stays under .infra/)
	$(INFRA)/down.sh

infra-status: ## show which local servers run
	$(INFRA)/up.sh --status

dev: build ## run the whole system locally; Ctrl-C stops everything
	scripts/dev.sh

test: typecheck ## install what is missing, start the infrastructure, run every test, stop what was started
	scripts/test.sh

test-unit: build ## unit tests only (no servers)
	npm run --silent test -- --selectProjects unit

bench: build ## run the benchmarks; results in bench/results/
	scripts/bench.sh

clean: ## remove build output
	npx tsc -b --clean

-include mk/*.mk
