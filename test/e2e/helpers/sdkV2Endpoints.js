// Preloaded (NODE_OPTIONS=--require) into Amplify CLIs that still use the AWS SDK v2 (before 14): v2 reads no
// AWS_ENDPOINT_URL, so without this their CloudFormation, S3 and STS clients would leave the machine. Every copy of
// aws-sdk the CLI loads is pointed at AWS_ENDPOINT_URL (moto, one endpoint for all services, path-style S3), as the
// v3 SDK does by itself; the provider's Amplify client takes AWS_AMPLIFY_ENDPOINT (the stand-in) on its own.
const Module = require('module');
const load = Module._load;
Module._load = function loadWithEndpoints(request) {
  const loaded = load.apply(this, arguments);
  if (
    typeof request === 'string' &&
    request.startsWith('aws-sdk') &&
    loaded &&
    loaded.config &&
    typeof loaded.config.update === 'function' &&
    !loaded.config.e2eEndpoint
  ) {
    if (!process.env.AWS_ENDPOINT_URL)
      throw new Error('sdkV2Endpoints.js: AWS_ENDPOINT_URL is not set; refusing to let the AWS SDK v2 reach AWS.');
    loaded.config.update({ endpoint: process.env.AWS_ENDPOINT_URL, s3ForcePathStyle: true });
    loaded.config.e2eEndpoint = true;
  }
  return loaded;
};
