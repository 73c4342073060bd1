# Read models: rebuild the projector's PostgreSQL tables from the compacted topics.
#
# `make rebuild-projections` empties records, record_history, batches, calls and hotels (record_erasures stays:
# it is the audit of erasures and keeps erased requests from coming back), then replays folio.records.v1,
# folio.batches.v1, folio.calls.v1 and folio.hotels.v1 from offset 0 with a fresh consumer group
# (folio.projector.rebuild-<time>) up to the end offsets seen when it started, and deletes that group.
# It publishes no RecordStatus (the live projector already did). A running projector may keep running: it
# keeps its own group and offsets, and both writers upsert guarded by version, so the tables converge on the
# newest version of every key; while the replay runs the api sees partial tables (see docs/adr/0013).
# Without the local servers' variables in the environment it uses those of scripts/infra/env.sh.

.PHONY: rebuild-projections

rebuild-projections: build ## empty the read models and replay the compacted topics into them (fresh consumer group)
	@if [ -z "$${DATABASE_URL:-}" ]; then source <($(INFRA)/env.sh --print); fi; \
	  node services/projector/dist/cli/rebuild.js
