import { startMoto, type MotoServer } from '../../scripts/lib/moto';
import { useServerForBlock } from './blockServer';

export { startMoto, findMotoPython, type MotoServer, type RecordedRequest } from '../../scripts/lib/moto';

/**
 * One moto server for the enclosing describe block: started before its tests, stopped after them, and with
 * `resetRecording` its recording cleared before each test. The returned object stands for the server once started.
 */
export function useMoto(options: { resetRecording?: boolean } = {}): MotoServer {
  const moto = useServerForBlock(
    'moto',
    () => startMoto(),
    (server) => server.stop(),
  );
  if (options.resetRecording) beforeEach(() => moto.resetRecording());
  return moto;
}
