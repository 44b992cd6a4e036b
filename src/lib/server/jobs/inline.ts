// The worker inside the web process (WORKER=inline). It stops on SIGTERM/SIGINT or SvelteKit's
// shutdown event, lets the job in progress finish, then hands the signal back to whoever else
// listens (adapter-node closes the server) or, when nobody does, lets Node's default end the process.
import { log } from '../log';
import { runWorker } from './worker';

let running: Promise<void> | null = null;

export function startInlineWorker(): void {
  if (running) return;
  const controller = new AbortController();
  running = runWorker({ signal: controller.signal }).catch((error) => {
    log('worker', { status: 'crashed', message: error instanceof Error ? error.message.slice(0, 200) : 'unknown' });
  });
  const worker = running;

  const stop = (signal?: NodeJS.Signals) => {
    process.off('SIGTERM', stop);
    process.off('SIGINT', stop);
    process.off('sveltekit:shutdown', onShutdown);
    controller.abort();
    void worker.finally(() => {
      if (signal && process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  };
  const onShutdown = () => stop();
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.on('sveltekit:shutdown', onShutdown);
}
