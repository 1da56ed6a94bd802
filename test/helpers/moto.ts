export { startMoto, findMotoPython, type MotoServer, type RecordedRequest } from '../../scripts/lib/moto';
