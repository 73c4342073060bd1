// Placeholder: the caller has its conversation core (src/domain) but no adapters yet, so there is
// nothing to run. The Twilio webhooks, the PlaceCall consumer and the service definition come next;
// until then the service is not in the helm chart or skaffold.
console.error('@folio/caller: the service is not wired yet (domain only); nothing to start.');
process.exitCode = 1;
