"""CloudWatch Logs group settings as Terraform / CDK / SAM read them back: retention
(PutRetentionPolicy, DeleteRetentionPolicy, shown by DescribeLogGroups) and tags (by name
and by log-group ARN), kept across a restart."""
import pytest
from aws_errors import error_of

ARN = "arn:aws:logs:us-east-1:000000000000:log-group:"
MISSING = ("ResourceNotFoundException", "The specified log group does not exist.")


def has(client, operation):
    """Older botocore lacks the ARN-based tagging operations: those cases are skipped."""
    return operation in client.meta.service_model.operation_names


@pytest.fixture(scope="module")
def logs(client):
    return client("logs")


def group_of(logs, name):
    [group] = [g for g in logs.describe_log_groups(logGroupNamePrefix=name)["logGroups"] if g["logGroupName"] == name]
    return group


def test_retention_is_set_shown_and_removed(logs):
    logs.create_log_group(logGroupName="/app/retained")
    assert "retentionInDays" not in group_of(logs, "/app/retained")
    logs.put_retention_policy(logGroupName="/app/retained", retentionInDays=14)
    assert group_of(logs, "/app/retained")["retentionInDays"] == 14
    logs.put_retention_policy(logGroupName="/app/retained", retentionInDays=3653)
    assert group_of(logs, "/app/retained")["retentionInDays"] == 3653
    logs.delete_retention_policy(logGroupName="/app/retained")
    assert "retentionInDays" not in group_of(logs, "/app/retained")
    # Deleting it again is fine, as on AWS: the group simply never expires.
    logs.delete_retention_policy(logGroupName="/app/retained")


def test_retention_deletes_expired_events(logs):
    import time
    now = int(time.time() * 1000)
    day = 24 * 60 * 60 * 1000
    logs.create_log_group(logGroupName="/app/expiring")
    logs.create_log_stream(logGroupName="/app/expiring", logStreamName="s")
    logs.put_log_events(logGroupName="/app/expiring", logStreamName="s", logEvents=[
        {"timestamp": now - 5 * day, "message": "old"},
        {"timestamp": now - 2 * 60 * 60 * 1000, "message": "recent"},
        {"timestamp": now, "message": "new"},
    ])
    def messages():
        got = logs.get_log_events(logGroupName="/app/expiring", logStreamName="s", startFromHead=True)["events"]
        return [e["message"] for e in got]
    assert messages() == ["old", "recent", "new"]
    logs.put_retention_policy(logGroupName="/app/expiring", retentionInDays=7)
    assert messages() == ["old", "recent", "new"]
    logs.put_retention_policy(logGroupName="/app/expiring", retentionInDays=1)
    assert messages() == ["recent", "new"]
    found = logs.filter_log_events(logGroupName="/app/expiring")["events"]
    assert [e["message"] for e in found] == ["recent", "new"]


def test_retention_errors(logs):
    logs.create_log_group(logGroupName="/app/bad-retention")
    code, message = error_of(logs.put_retention_policy, logGroupName="/app/bad-retention", retentionInDays=2)
    assert code == "InvalidParameterException"
    assert message.startswith("1 validation error detected: Value '2' at 'retentionInDays' failed to satisfy "
                              "constraint: Member must satisfy enum value set: [1, 3, 5, 7, 14, 30,")
    assert "retentionInDays" not in group_of(logs, "/app/bad-retention")
    assert error_of(logs.put_retention_policy, logGroupName="/app/none", retentionInDays=7) == MISSING
    assert error_of(logs.delete_retention_policy, logGroupName="/app/none") == MISSING


def test_tags_by_name(logs):
    logs.create_log_group(logGroupName="/app/tagged", tags={"team": "core", "env": "dev"})
    assert logs.list_tags_log_group(logGroupName="/app/tagged")["tags"] == {"team": "core", "env": "dev"}
    logs.tag_log_group(logGroupName="/app/tagged", tags={"env": "prod", "cost": "42"})
    assert logs.list_tags_log_group(logGroupName="/app/tagged")["tags"] == {"team": "core", "env": "prod", "cost": "42"}
    logs.untag_log_group(logGroupName="/app/tagged", tags=["team", "absent"])
    assert logs.list_tags_log_group(logGroupName="/app/tagged")["tags"] == {"env": "prod", "cost": "42"}
    # Tags are not members of DescribeLogGroups' answer.
    assert "tags" not in group_of(logs, "/app/tagged")
    logs.create_log_group(logGroupName="/app/untagged")
    assert logs.list_tags_log_group(logGroupName="/app/untagged")["tags"] == {}
    assert error_of(logs.list_tags_log_group, logGroupName="/app/none") == MISSING
    assert error_of(logs.tag_log_group, logGroupName="/app/none", tags={"a": "b"}) == MISSING
    assert error_of(logs.untag_log_group, logGroupName="/app/none", tags=["a"]) == MISSING


def test_tags_by_arn(logs):
    if not has(logs, "TagResource"):
        pytest.skip("this botocore has no TagResource for CloudWatch Logs")
    logs.create_log_group(logGroupName="/app/by-arn")
    group = group_of(logs, "/app/by-arn")
    arn = ARN + "/app/by-arn"
    assert group.get("logGroupArn", arn) == arn  # older botocore does not parse logGroupArn
    assert group["arn"] == arn + ":*"
    logs.tag_resource(resourceArn=arn, tags={"owner": "me", "tier": "1"})
    assert logs.list_tags_for_resource(resourceArn=arn)["tags"] == {"owner": "me", "tier": "1"}
    logs.untag_resource(resourceArn=arn, tagKeys=["tier"])
    assert logs.list_tags_for_resource(resourceArn=arn)["tags"] == {"owner": "me"}
    assert logs.list_tags_log_group(logGroupName="/app/by-arn")["tags"] == {"owner": "me"}
    # DescribeLogGroups' `arn` ends in ":*": the tagging API refuses it, as AWS does.
    assert error_of(logs.list_tags_for_resource, resourceArn=group["arn"]) == ("ValidationException",
                                                                               "Invalid resourceArn")
    assert error_of(logs.list_tags_for_resource, resourceArn=ARN + "/app/none") == MISSING
    assert error_of(logs.tag_resource, resourceArn=ARN + "/app/none", tags={"a": "b"}) == MISSING
    assert error_of(logs.untag_resource, resourceArn=ARN + "/app/none", tagKeys=["a"]) == MISSING


def test_settings_survive_restart(bunker, client):
    logs = client("logs")
    logs.create_log_group(logGroupName="/app/durable", tags={"kept": "yes"})
    logs.put_retention_policy(logGroupName="/app/durable", retentionInDays=30)
    bunker.restart()
    logs = client("logs")
    assert group_of(logs, "/app/durable")["retentionInDays"] == 30
    assert logs.list_tags_log_group(logGroupName="/app/durable")["tags"] == {"kept": "yes"}
    # Deleting the group takes its settings with it.
    logs.delete_log_group(logGroupName="/app/durable")
    logs.create_log_group(logGroupName="/app/durable")
    assert "retentionInDays" not in group_of(logs, "/app/durable")
    assert logs.list_tags_log_group(logGroupName="/app/durable")["tags"] == {}


def test_cli_put_retention_policy(logs, aws):
    logs.create_log_group(logGroupName="/app/cli")
    aws.run("logs", "put-retention-policy", "--log-group-name", "/app/cli", "--retention-in-days", "90")
    [group] = aws.json("logs", "describe-log-groups", "--log-group-name-prefix", "/app/cli")["logGroups"]
    assert group["retentionInDays"] == 90
    failed = aws.run("logs", "put-retention-policy", "--log-group-name", "/app/cli", "--retention-in-days", "4",
                     check=False)
    assert failed.returncode != 0 and "InvalidParameterException" in failed.stderr
