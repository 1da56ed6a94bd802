/**
 * THE table: which IAM actions the Amplify CLI (Gen 1) needs, by Amplify category. Every policy this tool prints
 * or creates is built from it, and the README's table is printed from it (`policy --format table`).
 *
 * `core` is what every project needs (`amplify init`/`push`: the Amplify app, CloudFormation stacks, the
 * deployment bucket, and the IAM roles Amplify creates for auth/unauth and functions). The other rows are what a
 * category adds. Rows marked `addition` are not in the walkthrough's action list, although the walkthrough
 * names their resources (Pinpoint endpoints, Lex bots) among those a role must be able to create.
 */

export interface CategoryActions {
  /** What the category is, for help and tables. */
  summary: string;
  actions: string[];
  /** Set when the actions are ours rather than the walkthrough's, with the reason. */
  addition?: string;
  /** Categories whose actions this one needs as well (Gen 1 creates Lex bots through a Lambda custom resource). */
  requires?: string[];
}

export const CORE_CATEGORY = 'core';

/** The DynamoDB table actions the walkthrough lists for both api (AppSync data sources) and storage. */
const DYNAMODB_TABLE_ACTIONS = [
  'dynamodb:CreateTable',
  'dynamodb:DeleteItem',
  'dynamodb:DeleteTable',
  'dynamodb:DescribeTable',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:UpdateTable',
];

const PINPOINT_APP_ACTIONS = [
  'mobiletargeting:CreateApp',
  'mobiletargeting:DeleteApp',
  'mobiletargeting:GetApp',
  'mobiletargeting:GetApps',
  'mobiletargeting:GetApplicationSettings',
  'mobiletargeting:UpdateApplicationSettings',
  'mobiletargeting:GetEndpoint',
  'mobiletargeting:UpdateEndpoint',
  'mobiletargeting:UpdateEndpointsBatch',
  'mobiletargeting:DeleteEndpoint',
  'mobiletargeting:TagResource',
  'mobiletargeting:UntagResource',
  'mobiletargeting:ListTagsForResource',
];

export const CATEGORY_ACTIONS: Readonly<Record<string, CategoryActions>> = {
  core: {
    summary: 'every project: Amplify app, CloudFormation stacks, deployment bucket, IAM roles',
    actions: [
      'amplify:*',
      'cloudformation:CreateStack',
      'cloudformation:CreateStackSet',
      'cloudformation:DeleteStack',
      'cloudformation:DeleteStackSet',
      'cloudformation:DescribeStackEvents',
      'cloudformation:DescribeStackResource',
      'cloudformation:DescribeStackResources',
      'cloudformation:DescribeStackSet',
      'cloudformation:DescribeStackSetOperation',
      'cloudformation:DescribeStacks',
      'cloudformation:UpdateStack',
      'cloudformation:UpdateStackSet',
      's3:*',
      'iam:CreateRole',
      'iam:DeleteRole',
      'iam:DeleteRolePolicy',
      'iam:GetRole',
      'iam:GetUser',
      'iam:PassRole',
      'iam:PutRolePolicy',
      'iam:UpdateRole',
    ],
  },
  auth: {
    summary: 'Cognito user pools and identity pools',
    actions: [
      'cognito-identity:CreateIdentityPool',
      'cognito-identity:DeleteIdentityPool',
      'cognito-identity:DescribeIdentity',
      'cognito-identity:DescribeIdentityPool',
      'cognito-identity:SetIdentityPoolRoles',
      'cognito-identity:UpdateIdentityPool',
      'cognito-idp:CreateUserPool',
      'cognito-idp:CreateUserPoolClient',
      'cognito-idp:DeleteUserPool',
      'cognito-idp:DeleteUserPoolClient',
      'cognito-idp:DescribeUserPool',
      'cognito-idp:UpdateUserPool',
      'cognito-idp:UpdateUserPoolClient',
    ],
  },
  api: {
    summary: 'AppSync GraphQL APIs (with DynamoDB tables) and API Gateway REST APIs',
    actions: ['appsync:*', 'apigateway:POST', 'apigateway:DELETE', 'apigateway:PATCH', 'apigateway:PUT', ...DYNAMODB_TABLE_ACTIONS],
  },
  storage: {
    summary: 'S3 buckets (s3:* is already core) and DynamoDB tables',
    actions: DYNAMODB_TABLE_ACTIONS,
  },
  function: {
    summary: 'Lambda functions',
    actions: [
      'lambda:AddPermission',
      'lambda:CreateFunction',
      'lambda:DeleteFunction',
      'lambda:GetFunction',
      'lambda:GetFunctionConfiguration',
      'lambda:InvokeAsync',
      'lambda:InvokeFunction',
      'lambda:RemovePermission',
      'lambda:UpdateFunctionCode',
      'lambda:UpdateFunctionConfiguration',
    ],
  },
  hosting: {
    summary: 'S3 and CloudFront web hosting',
    actions: [
      'cloudfront:CreateCloudFrontOriginAccessIdentity',
      'cloudfront:CreateDistribution',
      'cloudfront:DeleteCloudFrontOriginAccessIdentity',
      'cloudfront:DeleteDistribution',
      'cloudfront:GetCloudFrontOriginAccessIdentity',
      'cloudfront:GetCloudFrontOriginAccessIdentityConfig',
      'cloudfront:GetDistribution',
      'cloudfront:GetDistributionConfig',
      'cloudfront:TagResource',
      'cloudfront:UntagResource',
      'cloudfront:UpdateCloudFrontOriginAccessIdentity',
      'cloudfront:UpdateDistribution',
    ],
  },
  analytics: {
    summary: 'Pinpoint projects and endpoints',
    actions: PINPOINT_APP_ACTIONS,
    addition: 'the walkthrough names Pinpoint endpoints among the resources but lists no mobiletargeting actions',
  },
  notifications: {
    summary: 'Pinpoint projects, endpoints and push/email/SMS channels',
    actions: [
      ...PINPOINT_APP_ACTIONS,
      'mobiletargeting:GetApnsChannel',
      'mobiletargeting:UpdateApnsChannel',
      'mobiletargeting:DeleteApnsChannel',
      'mobiletargeting:GetGcmChannel',
      'mobiletargeting:UpdateGcmChannel',
      'mobiletargeting:DeleteGcmChannel',
      'mobiletargeting:GetEmailChannel',
      'mobiletargeting:UpdateEmailChannel',
      'mobiletargeting:DeleteEmailChannel',
      'mobiletargeting:GetSmsChannel',
      'mobiletargeting:UpdateSmsChannel',
      'mobiletargeting:DeleteSmsChannel',
    ],
    addition: 'notifications are Pinpoint channels, which the walkthrough does not cover',
  },
  interactions: {
    summary: 'Lex chatbots',
    actions: [
      'lex:PutBot',
      'lex:GetBot',
      'lex:DeleteBot',
      'lex:PutBotAlias',
      'lex:GetBotAlias',
      'lex:DeleteBotAlias',
      'lex:CreateBotVersion',
      'lex:GetBotVersions',
      'lex:PutIntent',
      'lex:GetIntent',
      'lex:DeleteIntent',
      'lex:PutSlotType',
      'lex:GetSlotType',
      'lex:DeleteSlotType',
      'lex:TagResource',
      'lex:UntagResource',
    ],
    addition: 'the walkthrough names Lex bots among the resources but lists no lex actions',
    requires: ['function'],
  },
};

/** Categories a user can name (`core` is always included, so it is not one of them). */
export function categoryNames(): string[] {
  return Object.keys(CATEGORY_ACTIONS).filter((name) => name !== CORE_CATEGORY);
}

export function isKnownCategory(name: string): boolean {
  return name !== CORE_CATEGORY && Object.prototype.hasOwnProperty.call(CATEGORY_ACTIONS, name);
}
