#include "iam/aws_managed_policies.h"

#include <algorithm>

#include "bunker/core/clock.h"
#include "bunker/core/hash.h"
#include "iam/identifiers.h"

namespace bunker::iam {
namespace {

struct Entry {
  std::string_view name;
  std::string_view path;
  std::string_view description;
  std::string_view created;  // ISO 8601
  std::string_view document;
};

// Documents are written compactly; Statement lists mirror the grants of AWS's versions.
constexpr Entry kEntries[] = {
    {"AdministratorAccess", "/", "Provides full access to AWS services and resources.", "2015-02-06T18:39:46Z",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]})"},
    {"PowerUserAccess", "/",
     "Provides full access to AWS services and resources, but does not allow management of Users and groups.",
     "2015-02-06T18:39:47Z",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":["iam:*","organizations:*","account:*"],"Resource":"*"},{"Effect":"Allow","Action":["iam:CreateServiceLinkedRole","iam:DeleteServiceLinkedRole","iam:ListRoles","organizations:DescribeOrganization","account:GetAccountInformation","account:ListRegions"],"Resource":"*"}]})"},
    {"ReadOnlyAccess", "/", "Provides read-only access to AWS services and resources.", "2015-02-06T18:39:48Z",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["apigateway:GET","cloudformation:Describe*","cloudformation:Get*","cloudformation:List*","cloudwatch:Describe*","cloudwatch:Get*","cloudwatch:List*","dynamodb:BatchGetItem","dynamodb:Describe*","dynamodb:GetItem","dynamodb:List*","dynamodb:Query","dynamodb:Scan","iam:Get*","iam:List*","lambda:Get*","lambda:List*","logs:Describe*","logs:Get*","s3:Get*","s3:List*","sns:Get*","sns:List*","sqs:Get*","sqs:List*","sts:GetCallerIdentity"],"Resource":"*"}]})"},
    {"IAMFullAccess", "/", "Provides full access to IAM via the AWS Management Console.", "2015-02-06T18:40:38Z",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:*","organizations:DescribeAccount","organizations:DescribeOrganization","organizations:DescribeOrganizationalUnit","organizations:DescribePolicy","organizations:ListChildren","organizations:ListParents","organizations:ListPoliciesForTarget","organizations:ListRoots","organizations:ListPolicies","organizations:ListTargetsForPolicy"],"Resource":"*"}]})"},
    {"IAMReadOnlyAccess", "/", "Provides read only access to IAM via the AWS Management Console.", "2015-02-06T18:40:39Z",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:GenerateCredentialReport","iam:GenerateServiceLastAccessedDetails","iam:Get*","iam:List*","iam:SimulateCustomPolicy","iam:SimulatePrincipalPolicy"],"Resource":"*"}]})"},
    {"AWSLambdaBasicExecutionRole", "/service-role/", "Provides write permissions to CloudWatch Logs.",
     "2015-04-09T15:03:43Z",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:CreateLogGroup","logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*"}]})"},
    {"AWSLambdaDynamoDBExecutionRole", "/service-role/",
     "Provides list and read access to DynamoDB streams and write permissions to CloudWatch logs.",
     "2015-04-09T15:09:29Z",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["dynamodb:DescribeStream","dynamodb:GetRecords","dynamodb:GetShardIterator","dynamodb:ListStreams","logs:CreateLogGroup","logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*"}]})"},
    {"AWSLambdaKinesisExecutionRole", "/service-role/",
     "Provides list and read access to Kinesis streams and write permissions to CloudWatch logs.",
     "2015-04-09T15:14:16Z",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["kinesis:DescribeStream","kinesis:DescribeStreamSummary","kinesis:GetRecords","kinesis:GetShardIterator","kinesis:ListShards","kinesis:ListStreams","kinesis:SubscribeToShard","logs:CreateLogGroup","logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*"}]})"},
    {"AWSLambdaSQSQueueExecutionRole", "/service-role/",
     "Provides receive message, delete message, and read attribute access to SQS queues, and write permissions to CloudWatch logs.",
     "2016-11-21T16:55:55Z",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sqs:ReceiveMessage","sqs:DeleteMessage","sqs:GetQueueAttributes","logs:CreateLogGroup","logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*"}]})"},
    {"AWSLambdaVPCAccessExecutionRole", "/service-role/",
     "Provides minimum permissions for a Lambda function to execute while accessing a resource within a VPC - create, describe, delete network interfaces and write permissions to CloudWatch Logs. ",
     "2016-02-11T23:15:26Z",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:CreateLogGroup","logs:CreateLogStream","logs:PutLogEvents","ec2:CreateNetworkInterface","ec2:DescribeNetworkInterfaces","ec2:DescribeSubnets","ec2:DeleteNetworkInterface","ec2:AssignPrivateIpAddresses","ec2:UnassignPrivateIpAddresses"],"Resource":"*"}]})"},
    {"AWSLambdaRole", "/service-role/", "Default policy for AWS Lambda service role.", "2015-02-06T18:41:28Z",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["lambda:InvokeFunction"],"Resource":["*"]}]})"},
    {"AWSLambdaExecute", "/", "Provides Put, Get access to S3 and full access to CloudWatch Logs.",
     "2015-02-06T18:40:46Z",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:*"],"Resource":"arn:aws:logs:*:*:*"},{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::*"}]})"},
    {"AWSLambda_FullAccess", "/",
     "Grants full access to AWS Lambda service, AWS Lambda console features, and other related AWS services.",
     "2020-11-23T23:35:28Z",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["cloudformation:DescribeStacks","cloudformation:ListStackResources","cloudwatch:ListMetrics","cloudwatch:GetMetricData","ec2:DescribeSecurityGroups","ec2:DescribeSubnets","ec2:DescribeVpcs","kms:ListAliases","iam:GetPolicy","iam:GetPolicyVersion","iam:GetRole","iam:GetRolePolicy","iam:ListAttachedRolePolicies","iam:ListRolePolicies","iam:ListRoles","lambda:*","logs:DescribeLogGroups","states:DescribeStateMachine","states:ListStateMachines","tag:GetResources","xray:GetTraceSummaries","xray:BatchGetTraces"],"Resource":"*"},{"Effect":"Allow","Action":"iam:PassRole","Resource":"*","Condition":{"StringEquals":{"iam:PassedToService":"lambda.amazonaws.com"}}},{"Effect":"Allow","Action":["logs:DescribeLogStreams","logs:GetLogEvents","logs:FilterLogEvents"],"Resource":"arn:aws:logs:*:*:log-group:/aws/lambda/*"}]})"},
    {"AWSLambda_ReadOnlyAccess", "/",
     "Grants read-only access to AWS Lambda service, AWS Lambda console features, and other related AWS services.",
     "2020-11-23T23:35:28Z",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["cloudformation:DescribeStacks","cloudformation:ListStackResources","cloudwatch:GetMetricData","cloudwatch:ListMetrics","iam:GetPolicy","iam:GetPolicyVersion","iam:GetRole","iam:GetRolePolicy","iam:ListAttachedRolePolicies","iam:ListRolePolicies","iam:ListRoles","lambda:Get*","lambda:List*","logs:DescribeLogGroups","tag:GetResources"],"Resource":"*"},{"Effect":"Allow","Action":["logs:DescribeLogStreams","logs:GetLogEvents","logs:FilterLogEvents"],"Resource":"arn:aws:logs:*:*:log-group:/aws/lambda/*"}]})"},
    {"AmazonDynamoDBFullAccess", "/",
     "Provides full access to Amazon DynamoDB via the AWS Management Console.", "2015-02-06T18:40:11Z",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["dynamodb:*","dax:*","application-autoscaling:*","cloudwatch:DeleteAlarms","cloudwatch:DescribeAlarmHistory","cloudwatch:DescribeAlarms","cloudwatch:GetMetricStatistics","cloudwatch:ListMetrics","cloudwatch:PutMetricAlarm","kinesis:ListStreams","kinesis:DescribeStream","kinesis:DescribeStreamSummary","iam:GetRole","iam:ListRoles","kms:DescribeKey","kms:ListAliases","lambda:CreateFunction","lambda:ListFunctions","lambda:ListEventSourceMappings","lambda:CreateEventSourceMapping","lambda:DeleteEventSourceMapping","lambda:GetFunctionConfiguration","lambda:DeleteFunction","sns:CreateTopic","sns:DeleteTopic","sns:ListSubscriptions","sns:ListSubscriptionsByTopic","sns:ListTopics","sns:Subscribe","sns:Unsubscribe","sns:SetTopicAttributes","tag:GetResources"],"Resource":"*"},{"Effect":"Allow","Action":["iam:PassRole"],"Resource":"*","Condition":{"StringLike":{"iam:PassedToService":["application-autoscaling.amazonaws.com","application-autoscaling.amazonaws.com.cn","dax.amazonaws.com"]}}}]})"},
    {"AmazonDynamoDBReadOnlyAccess", "/",
     "Provides read only access to Amazon DynamoDB via the AWS Management Console.", "2015-02-06T18:40:12Z",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["application-autoscaling:DescribeScalableTargets","application-autoscaling:DescribeScalingActivities","application-autoscaling:DescribeScalingPolicies","cloudwatch:DescribeAlarmHistory","cloudwatch:DescribeAlarms","cloudwatch:GetMetricData","cloudwatch:GetMetricStatistics","cloudwatch:ListMetrics","dynamodb:BatchGetItem","dynamodb:Describe*","dynamodb:GetItem","dynamodb:GetRecords","dynamodb:GetShardIterator","dynamodb:List*","dynamodb:PartiQLSelect","dynamodb:Query","dynamodb:Scan","iam:GetRole","iam:ListRoles","lambda:ListFunctions","lambda:ListEventSourceMappings","lambda:GetFunctionConfiguration","tag:GetResources"],"Resource":"*"}]})"},
    {"AmazonS3FullAccess", "/", "Provides full access to all buckets via the AWS Management Console.",
     "2015-02-06T18:40:58Z",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*","s3-object-lambda:*"],"Resource":"*"}]})"},
    {"AmazonS3ReadOnlyAccess", "/", "Provides read only access to all buckets via the AWS Management Console.",
     "2015-02-06T18:40:59Z",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:Get*","s3:List*","s3:Describe*","s3-object-lambda:Get*","s3-object-lambda:List*"],"Resource":"*"}]})"},
    {"AmazonAPIGatewayAdministrator", "/",
     "Provides full access to create/edit/delete APIs in Amazon API Gateway via the AWS Management Console.",
     "2015-07-09T17:34:45Z",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["apigateway:*"],"Resource":"arn:aws:apigateway:*::/*"}]})"},
    {"AmazonAPIGatewayInvokeFullAccess", "/",
     "Provides full access to invoke APIs in Amazon API Gateway.", "2015-07-09T17:36:12Z",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["execute-api:Invoke","execute-api:ManageConnections"],"Resource":"arn:aws:execute-api:*:*:*"}]})"},
    {"AmazonAPIGatewayPushToCloudWatchLogs", "/service-role/",
     "Allows API Gateway to push logs to user's account.", "2015-11-11T23:41:46Z",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:CreateLogGroup","logs:CreateLogStream","logs:DescribeLogGroups","logs:DescribeLogStreams","logs:PutLogEvents","logs:GetLogEvents","logs:FilterLogEvents"],"Resource":"*"}]})"},
    {"CloudWatchLogsFullAccess", "/", "Provides full access to CloudWatch Logs", "2015-02-06T18:40:49Z",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:*","cloudwatch:GenerateQuery"],"Resource":"*"}]})"},
    {"CloudWatchLogsReadOnlyAccess", "/", "Provides read only access to CloudWatch Logs", "2015-02-06T18:40:50Z",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:Describe*","logs:Get*","logs:List*","logs:StartQuery","logs:StopQuery","logs:TestMetricFilter","logs:FilterLogEvents","logs:StartLiveTail","logs:StopLiveTail","cloudwatch:GenerateQuery"],"Resource":"*"}]})"},
    {"CloudWatchFullAccess", "/", "Provides full access to CloudWatch.", "2015-02-06T18:40:56Z",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["autoscaling:Describe*","cloudwatch:*","logs:*","sns:*","iam:GetPolicy","iam:GetPolicyVersion","iam:GetRole","oam:ListSinks"],"Resource":"*"}]})"},
    {"AmazonSQSFullAccess", "/", "Provides full access to Amazon SQS via the AWS Management Console.",
     "2015-02-06T18:41:07Z",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sqs:*"],"Resource":"*"}]})"},
    {"AmazonSNSFullAccess", "/", "Provides full access to Amazon SNS via the AWS Management Console.",
     "2015-02-06T18:41:05Z",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sns:*"],"Resource":"*"}]})"},
    {"AmazonKinesisFullAccess", "/", "Provides full access to all streams via the AWS Management Console.",
     "2015-02-06T18:40:26Z",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kinesis:*","Resource":"*"}]})"},
    {"AmazonEventBridgeFullAccess", "/", "Provides full access to Amazon EventBridge.", "2019-07-11T17:08:30Z",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["events:*","schemas:*","scheduler:*","pipes:*"],"Resource":"*"},{"Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::*:role/*","Condition":{"StringLike":{"iam:PassedToService":"events.amazonaws.com"}}}]})"},
    {"AWSStepFunctionsFullAccess", "/", "An access policy for providing a user/role/etc access to the AWS StepFunctions API. For full access, in addition to this policy, a user MUST have iam:PassRole permission on at least one IAM role that can be assumed by the service.",
     "2017-01-11T21:51:32Z",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"states:*","Resource":"*"}]})"},
    {"AWSCloudFormationFullAccess", "/", "Provides full access to AWS CloudFormation.", "2019-07-26T21:50:10Z",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["cloudformation:*"],"Resource":"*"}]})"},
    {"AWSXrayWriteOnlyAccess", "/", "AWS X-Ray write only managed policy", "2016-11-30T18:44:17Z",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["xray:PutTraceSegments","xray:PutTelemetryRecords","xray:GetSamplingRules","xray:GetSamplingTargets","xray:GetSamplingStatisticSummaries"],"Resource":["*"]}]})"},
    {"AWSXRayDaemonWriteAccess", "/",
     "Allow the AWS X-Ray Daemon to relay raw trace segments data to the service's API and retrieve sampling data (rules, targets, etc.) to be used by the X-Ray SDK.",
     "2018-08-28T23:00:33Z",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["xray:PutTraceSegments","xray:PutTelemetryRecords","xray:GetSamplingRules","xray:GetSamplingTargets","xray:GetSamplingStatisticSummaries"],"Resource":["*"]}]})"},
    {"SecretsManagerReadWrite", "/", "Provides read/write access to AWS Secrets Manager via the AWS Management Console. Note: this exludes IAM actions, so combine with IAMFullAccess if rotation configuration is required.",
     "2018-04-04T18:05:29Z",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["secretsmanager:*","cloudformation:CreateChangeSet","cloudformation:DescribeChangeSet","cloudformation:DescribeStackResource","cloudformation:DescribeStacks","cloudformation:ExecuteChangeSet","ec2:DescribeSecurityGroups","ec2:DescribeSubnets","ec2:DescribeVpcs","kms:DescribeKey","kms:ListAliases","kms:ListKeys","lambda:ListFunctions","rds:DescribeDBClusters","rds:DescribeDBInstances","redshift:DescribeClusters","tag:GetResources"],"Resource":"*"}]})"},
    {"AmazonSSMReadOnlyAccess", "/", "Provides read only access to Amazon SSM.", "2015-05-29T17:44:19Z",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ssm:Describe*","ssm:Get*","ssm:List*"],"Resource":"*"}]})"},
    {"AmazonCognitoPowerUser", "/",
     "Provides administrative access to existing Amazon Cognito resources. You will need AWS account admin privileges to create new Cognito resources.",
     "2015-03-24T17:14:56Z",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["cognito-identity:*","cognito-idp:*","cognito-sync:*","iam:ListRoles","iam:ListOpenIdConnectProviders","iam:GetRole","iam:ListSAMLProviders","iam:GetSAMLProvider","kinesis:ListStreams","lambda:GetPolicy","lambda:ListFunctions","sns:GetSMSSandboxAccountStatus","sns:ListPlatformApplications","ses:ListIdentities","ses:GetIdentityVerificationAttributes","mobiletargeting:GetApps","acm:ListCertificates"],"Resource":"*"}]})"},
    {"AWSAppSyncPushToCloudWatchLogs", "/service-role/", "Allows AppSync to push logs to user's CloudWatch account.",
     "2018-04-09T19:38:55Z",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:CreateLogGroup","logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*"}]})"},
};

std::string policy_id_for(std::string_view name) {
  // ANPA + 17 base32 characters from a digest of the name: stable, unique per name.
  constexpr std::string_view kBase32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  const std::string digest = sha1(name);
  std::string id = "ANPA";
  for (size_t i = 0; i < 17; ++i) id.push_back(kBase32[static_cast<unsigned char>(digest[i]) % 32]);
  return id;
}

std::vector<ManagedPolicy> build() {
  std::vector<ManagedPolicy> out;
  for (const Entry& e : kEntries) {
    ManagedPolicy p;
    p.name = std::string(e.name);
    p.path = std::string(e.path);
    p.id = policy_id_for(e.name);
    p.arn = entity_arn("aws", "policy", e.path, e.name);
    p.description = std::string(e.description);
    p.created_ms = parse_iso8601(e.created).value_or(0);
    p.updated_ms = p.created_ms;
    p.default_version = "v1";
    p.next_version = 2;
    p.versions.push_back({"v1", std::string(e.document), p.created_ms});
    out.push_back(std::move(p));
  }
  std::sort(out.begin(), out.end(), [](const ManagedPolicy& a, const ManagedPolicy& b) { return a.name < b.name; });
  return out;
}

}  // namespace

const std::vector<ManagedPolicy>& aws_managed_policies() {
  static const std::vector<ManagedPolicy> policies = build();
  return policies;
}

const ManagedPolicy* find_aws_managed_policy(std::string_view arn) {
  for (const auto& p : aws_managed_policies())
    if (p.arn == arn) return &p;
  return nullptr;
}

}  // namespace bunker::iam
