import { startMoto, type MotoServer } from '../../scripts/lib/moto';

export { startMoto, findMotoPython, type MotoServer, type RecordedRequest } from '../../scripts/lib/moto';

/**
 * One moto server for the enclosing describe block: started before its tests, stopped after them, and with
 * `resetRecording` its recording cleared before each test. The returned object stands for the server once started.
 */
export function useMoto(options: { resetRecording?: boolean } = {}): MotoServer {
  let server: MotoServer | undefined;
  beforeAll(async () => {
    server = await startMoto();
  }, 60000);
  afterAll(async () => server?.stop());
  if (options.resetRecording) beforeEach(() => started().resetRecording());
  const started = (): MotoServer => {
    if (!server) throw new Error('moto has not started: useMoto() starts it in beforeAll');
    return server;
  };
  return {
    get url() {
      return started().url;
    },
    get port() {
      return started().port;
    },
    get process() {
      return started().process;
    },
    requests: () => started().requests(),
    resetRecording: () => started().resetRecording(),
    data: () => started().data(),
    reset: () => started().reset(),
    stop: () => started().stop(),
  };
}
