"""Creates an Amplify project's deployment in moto from the project's own files: the root stack (from
amplify/backend/awscloudformation/build/root-cloudformation-stack.json, with team-provider-info's names), the deployment
bucket, and in it #current-cloud-backend.zip (the zipped amplify/#current-cloud-backend folder) and amplify-meta.json.
Usage: python3 seed_moto.py ENDPOINT PROJECT_ROOT"""
import io
import json
import os
import sys
import zipfile

import boto3

endpoint, root = sys.argv[1], sys.argv[2]
env = json.load(open(os.path.join(root, 'amplify', '.config', 'local-env-info.json')))['envName']
provider = json.load(open(os.path.join(root, 'amplify', 'team-provider-info.json')))[env]['awscloudformation']
settings = dict(endpoint_url=endpoint, region_name=provider['Region'], aws_access_key_id='AKIASEEDMOTO00000001', aws_secret_access_key='seed')
cfn = boto3.client('cloudformation', **settings)
s3 = boto3.client('s3', **settings)

template = open(os.path.join(root, 'amplify', 'backend', 'awscloudformation', 'build', 'root-cloudformation-stack.json')).read()
cfn.create_stack(
    StackName=provider['StackName'],
    TemplateBody=template,
    Parameters=[{'ParameterKey': k, 'ParameterValue': provider[v]} for k, v in
                [('DeploymentBucketName', 'DeploymentBucketName'), ('AuthRoleName', 'AuthRoleName'), ('UnauthRoleName', 'UnauthRoleName')]],
    Capabilities=['CAPABILITY_NAMED_IAM'],
)
bucket = provider['DeploymentBucketName']
try:
    s3.create_bucket(Bucket=bucket)
except s3.exceptions.BucketAlreadyOwnedByYou:
    pass

cloud = os.path.join(root, 'amplify', '#current-cloud-backend')
archive = io.BytesIO()
with zipfile.ZipFile(archive, 'w', zipfile.ZIP_DEFLATED) as z:
    for folder, _, files in os.walk(cloud):
        for name in sorted(files):
            full = os.path.join(folder, name)
            z.write(full, os.path.relpath(full, cloud))
s3.put_object(Bucket=bucket, Key='#current-cloud-backend.zip', Body=archive.getvalue())
s3.put_object(Bucket=bucket, Key='amplify-meta.json', Body=open(os.path.join(cloud, 'amplify-meta.json'), 'rb').read())
outputs = cfn.describe_stacks(StackName=provider['StackName'])['Stacks'][0].get('Outputs', [])
print(json.dumps({o['OutputKey']: o['OutputValue'] for o in outputs}))
