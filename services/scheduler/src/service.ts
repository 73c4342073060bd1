// The scheduler service: a consumer whose state is folio.timers.v1 itself (restored per partition on
// assignment) and a ticker that fires due timers. `now` is injectable for tests.
import type { ServiceDefinition } from '@folio/runtime';
import { TimerSchema, type Timer } from '@folio/contracts';
import { schedulerEnv } from './config.js';
import { TimerFiring } from './adapters/timer-firing.js';

export function schedulerService(options: { now?: () => number } = {}): ServiceDefinition<typeof schedulerEnv> {
  return {
    name: 'scheduler',
    env: schedulerEnv,
    async start({ config, kafka, logger, registry, onShutdown }) {
      let firing: TimerFiring | undefined;
      const consumer = kafka.consumer<Timer, Timer>({
        groupId: config.SCHEDULER_GROUP_ID,
        topics: [config.TIMERS_TOPIC],
        readers: [TimerSchema],
        delivery: 'at-least-once',
        handler: () => undefined,
        state: {
          changelogTopic: config.TIMERS_TOPIC,
          schema: TimerSchema,
          inputIsChangelog: true,
          onChange: (partition, key, timer) => firing?.onChange(partition, key, timer),
          onRevoked: (partition) => firing?.onRevoked(partition),
        },
      });
      firing = new TimerFiring(
        {
          owns: (p) => consumer.owns(p) && consumer.store.hasPartition(p),
          timer: (p, id) => consumer.store.entries(p).get(id),
          producer: (p) => consumer.transactionalProducer(p),
        },
        { timersTopic: config.TIMERS_TOPIC, maxPerTick: config.TIMER_MAX_FIRE_PER_TICK, now: options.now ?? Date.now, logger, registry },
      );

      let stopped = false;
      let ticking: Promise<unknown> = Promise.resolve();
      const loop = async () => {
        while (!stopped) {
          ticking = firing!.tick().catch((error: unknown) => logger.error({ err: error }, 'timer tick failed'));
          await ticking;
          await new Promise((r) => setTimeout(r, config.TIMER_TICK_MS));
        }
      };
      // Stop ticking before the runtime closes the consumer and its producers.
      onShutdown(async () => {
        stopped = true;
        await ticking;
      }, 'before-kafka');
      await consumer.start();
      void loop();
    },
  };
}
