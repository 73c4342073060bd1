# The api service's local helpers.
.PHONY: api-key
API_KEY_SCOPES := write,read

api-key: build ## create a tenant and an API key for local use, printed once: make api-key TENANT=acme [SCOPES=write,read,admin]
	@test -n "$(TENANT)" || { echo "usage: make api-key TENANT=<name> [SCOPES=write,read,admin]"; exit 2; }
	@if [ -z "$${DATABASE_URL:-}" ]; then source <(scripts/infra/env.sh --print); fi; \
	node services/api/dist/cli/api-key.js --tenant "$(TENANT)" --scopes "$(if $(SCOPES),$(SCOPES),$(API_KEY_SCOPES))"
