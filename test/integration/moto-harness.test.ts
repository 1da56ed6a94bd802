import * as http from 'node:http';
import { startMoto } from '../../scripts/lib/moto';
import { useMoto } from '../helpers/moto';

// The harness itself: if moto is missing this fails loudly (never skips). It talks to moto directly because moto
// (test/helpers/moto.ts) is what it tests; the strict stand-in in front of it has tests of its own (strict-sts.test.ts).
describe('moto harness', () => {
  const moto = useMoto();

  test('records STS calls with their parameters and the signing key', async () => {
    const { STSClient, AssumeRoleCommand } = await import('@aws-sdk/client-sts');
    const client = new STSClient({
      endpoint: moto.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIAHARNESSTEST00001', secretAccessKey: 'harness-secret' },
    });
    await client.send(
      new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::123456789012:role/harness', RoleSessionName: 'harness', ExternalId: 'ext-1' }),
    );
    const requests = await moto.requests();
    const assume = requests.filter((r) => r.action === 'AssumeRole');
    expect(assume).toHaveLength(1);
    expect(assume[0].params.ExternalId).toBe('ext-1');
    expect(assume[0].accessKeyId).toBe('AKIAHARNESSTEST00001');
    await moto.resetRecording();
    expect(await moto.requests()).toHaveLength(0);
  });

  test('a port taken before moto binds it (here by a server that answers like moto) is not mistaken for moto: started again on another', async () => {
    let impostorAsked = 0;
    const impostor = http.createServer((_request, response) => {
      impostorAsked++;
      response.end('{}');
    });
    await new Promise<void>((resolve) => impostor.listen(0, '127.0.0.1', resolve));
    const taken = (impostor.address() as { port: number }).port;
    try {
      const server = await startMoto({ port: taken });
      try {
        expect(server.port).not.toBe(taken);
        expect(impostorAsked).toBe(0);
        expect(await server.data()).toEqual(expect.any(Object)); // moto's own API answers there
      } finally {
        await server.stop();
      }
    } finally {
      impostor.close();
    }
  }, 90_000);
});
