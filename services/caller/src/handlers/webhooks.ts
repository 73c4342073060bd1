// Twilio's webhooks, mounted behind the ingress at PUBLIC_BASE_URL. Every request must carry a valid
// X-Twilio-Signature for the public URL Twilio called (TLS ends at the ingress, so the URL this process sees is
// not the one Twilio signed); anything else gets 403 and is counted. The media route serves prompt audio.
import express, { type Request, type Response, type Router } from 'express';
import type { Logger } from '@folio/logger';
import type { Counter } from '@folio/metrics';
import { validSignature } from '../adapters/twilio.js';
import type { Speech } from '../adapters/speech.js';
import type { CallFlow, WebhookParams } from './call-flow.js';

export type WebhookKind = 'voice' | 'turn' | 'status' | 'amd' | 'recording';

export interface WebhookDeps {
  readonly flow: CallFlow;
  readonly speech: Speech;
  readonly authToken: string;
  readonly validate: boolean;
  readonly publicBaseUrl: string;
  readonly logger: Logger;
  readonly webhooks: Counter<'kind' | 'result'>;
  readonly rejected: Counter<'kind' | 'reason'>;
}

function paramsOf(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((req.body ?? {}) as Record<string, unknown>)) if (typeof v === 'string') out[k] = v;
  return out;
}

export function twilioWebhooks(deps: WebhookDeps): Router {
  const router = express.Router();
  router.use('/twilio', express.urlencoded({ extended: false, limit: '64kb' }));

  const route = (kind: WebhookKind, handle: (callId: string, params: WebhookParams, req: Request) => Promise<string | undefined>) => async (req: Request, res: Response) => {
    const params = paramsOf(req);
    if (deps.validate) {
      const url = `${deps.publicBaseUrl}${req.originalUrl}`;
      const signature = req.header('x-twilio-signature');
      if (!validSignature(deps.authToken, signature, url, params)) {
        const reason = signature ? 'invalid' : 'missing';
        deps.rejected.inc({ kind, reason });
        deps.logger.warn({ kind, url, reason }, 'webhook refused: X-Twilio-Signature does not match');
        res.status(403).type('text/plain').send('invalid signature');
        return;
      }
    }
    const callId = String(req.params.callId);
    try {
      const twiml = await handle(callId, params, req);
      deps.webhooks.inc({ kind, result: 'ok' });
      if (twiml === undefined) res.status(204).end();
      else res.type('text/xml').send(twiml);
    } catch (error) {
      deps.webhooks.inc({ kind, result: 'error' });
      deps.logger.error({ err: error, kind, callId }, 'webhook failed');
      // Twilio plays its fallback (or ends the call) on a 5xx; the call's state is unchanged.
      res.status(500).type('text/plain').send('webhook failed');
    }
  };

  router.post('/twilio/calls/:callId/voice', route('voice', (callId, params) => deps.flow.voice(callId, params, 'answer')));
  router.post(
    '/twilio/calls/:callId/turn',
    route('turn', (callId, params, req) => deps.flow.voice(callId, params, 'turn', Number(req.query.n))),
  );
  router.post('/twilio/calls/:callId/status', route('status', async (callId, params) => void (await deps.flow.status(callId, params))));
  router.post('/twilio/calls/:callId/amd', route('amd', async (callId, params) => void (await deps.flow.amd(callId, params))));
  router.post('/twilio/calls/:callId/recording', route('recording', async (callId, params) => void (await deps.flow.recording(callId, params))));

  router.get('/media/prompts/:name', async (req, res) => {
    try {
      const audio = await deps.speech.media(String(req.params.name));
      if (!audio) {
        res.status(404).type('text/plain').send('no such prompt');
        return;
      }
      res.setHeader('cache-control', 'private, max-age=86400');
      res.type('audio/mpeg').send(audio);
    } catch (error) {
      deps.logger.warn({ err: error }, 'prompt audio could not be read');
      res.status(503).type('text/plain').send('prompt audio unavailable');
    }
  });
  return router;
}
