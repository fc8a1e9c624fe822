"""boto3 against IAM: roles, managed policies and their versions, attachments, inline
policies, users and access keys, instance profiles, paging, and AWS's errors."""
import json
import urllib.parse
import urllib.request

import pytest
from botocore.exceptions import ClientError

TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]})


def doc(action="s3:GetObject", resource="*"):
    return json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": action, "Resource": resource}]})


@pytest.fixture(scope="module")
def iam(client):
    return client("iam")


def error(call, **kwargs):
    with pytest.raises(ClientError) as e:
        call(**kwargs)
    err = e.value.response["Error"]
    return err["Code"], err["Message"], e.value.response["ResponseMetadata"]["HTTPStatusCode"]


def raw_query(bunker, params, host="iam.amazonaws.com"):
    """An unsigned Query request, to see IAM's XML as it is on the wire."""
    req = urllib.request.Request(bunker.endpoint + "/", data=urllib.parse.urlencode(params).encode(),
                                 headers={"Host": host, "Content-Type": "application/x-www-form-urlencoded"})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def test_role_lifecycle(iam):
    role = iam.create_role(RoleName="App-Role", Path="/app/", AssumeRolePolicyDocument=TRUST, Description="for the app",
                           MaxSessionDuration=7200, Tags=[{"Key": "team", "Value": "zombies"}])["Role"]
    assert role["Arn"] == "arn:aws:iam::000000000000:role/app/App-Role"
    assert role["RoleId"].startswith("AROA") and len(role["RoleId"]) == 21
    assert role["AssumeRolePolicyDocument"] == json.loads(TRUST)
    # Names are case-insensitive in IAM.
    got = iam.get_role(RoleName="app-role")["Role"]
    assert got["RoleName"] == "App-Role" and got["MaxSessionDuration"] == 7200 and got["Description"] == "for the app"
    assert got["Tags"] == [{"Key": "team", "Value": "zombies"}]
    assert error(iam.create_role, RoleName="APP-ROLE", AssumeRolePolicyDocument=TRUST) == (
        "EntityAlreadyExists", "Role with name APP-ROLE already exists.", 409)

    iam.update_role(RoleName="App-Role", Description="changed", MaxSessionDuration=3600)
    new_trust = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::000000000000:root"}, "Action": "sts:AssumeRole"}]}
    iam.update_assume_role_policy(RoleName="App-Role", PolicyDocument=json.dumps(new_trust))
    got = iam.get_role(RoleName="App-Role")["Role"]
    assert got["Description"] == "changed" and got["MaxSessionDuration"] == 3600
    assert got["AssumeRolePolicyDocument"] == new_trust

    iam.tag_role(RoleName="App-Role", Tags=[{"Key": "env", "Value": "dev"}, {"Key": "TEAM", "Value": "humans"}])
    assert iam.list_role_tags(RoleName="App-Role")["Tags"] == [{"Key": "TEAM", "Value": "humans"},
                                                                {"Key": "env", "Value": "dev"}]
    iam.untag_role(RoleName="App-Role", TagKeys=["team"])
    assert iam.list_role_tags(RoleName="App-Role")["Tags"] == [{"Key": "env", "Value": "dev"}]

    iam.delete_role(RoleName="App-Role")
    assert error(iam.get_role, RoleName="App-Role") == ("NoSuchEntity", "The role with name App-Role cannot be found.", 404)


def test_list_roles_pages_with_marker_and_path_prefix(iam):
    for i in range(5):
        iam.create_role(RoleName=f"page-{i}", Path="/paged/" if i % 2 == 0 else "/", AssumeRolePolicyDocument=TRUST)
    first = iam.list_roles(MaxItems=2)
    assert first["IsTruncated"] is True and len(first["Roles"]) == 2 and first["Marker"]
    # Listed roles leave out tags and last use, as on AWS.
    assert "Tags" not in first["Roles"][0] and "RoleLastUsed" not in first["Roles"][0]
    names = [r["RoleName"] for r in first["Roles"]]
    marker = first["Marker"]
    while marker:
        page = iam.list_roles(MaxItems=2, Marker=marker)
        names += [r["RoleName"] for r in page["Roles"]]
        marker = page.get("Marker")
        assert page["IsTruncated"] == bool(marker)
    assert names == [f"page-{i}" for i in range(5)]
    paged = [r["RoleName"] for r in iam.get_paginator("list_roles").paginate(PathPrefix="/paged/",
                                                                             PaginationConfig={"PageSize": 1}).search("Roles")]
    assert paged == ["page-0", "page-2", "page-4"]
    for i in range(5):
        iam.delete_role(RoleName=f"page-{i}")


def test_policy_versions_and_default_rules(iam):
    arn = iam.create_policy(PolicyName="versioned", Path="/team/", PolicyDocument=doc(), Description="d")["Policy"]["Arn"]
    assert arn == "arn:aws:iam::000000000000:policy/team/versioned"
    for i in range(2, 6):
        v = iam.create_policy_version(PolicyArn=arn, PolicyDocument=doc(f"s3:Action{i}"), SetAsDefault=(i == 3))
        assert v["PolicyVersion"]["VersionId"] == f"v{i}" and v["PolicyVersion"]["IsDefaultVersion"] == (i == 3)
    assert error(iam.create_policy_version, PolicyArn=arn, PolicyDocument=doc()) == (
        "LimitExceeded",
        "A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.",
        409)
    policy = iam.get_policy(PolicyArn=arn)["Policy"]
    assert policy["DefaultVersionId"] == "v3" and policy["Description"] == "d"
    versions = iam.list_policy_versions(PolicyArn=arn)["Versions"]
    assert [v["VersionId"] for v in versions] == ["v5", "v4", "v3", "v2", "v1"]
    assert [v["IsDefaultVersion"] for v in versions] == [False, False, True, False, False]
    assert iam.get_policy_version(PolicyArn=arn, VersionId="v4")["PolicyVersion"]["Document"]["Statement"][0][
        "Action"] == "s3:Action4"

    assert error(iam.delete_policy_version, PolicyArn=arn, VersionId="v3") == (
        "DeleteConflict", "Cannot delete the default version of a policy.", 409)
    iam.delete_policy_version(PolicyArn=arn, VersionId="v1")
    assert error(iam.get_policy_version, PolicyArn=arn, VersionId="v1") == (
        "NoSuchEntity", f"Policy {arn} version v1 does not exist.", 404)
    iam.set_default_policy_version(PolicyArn=arn, VersionId="v5")
    assert iam.get_policy(PolicyArn=arn)["Policy"]["DefaultVersionId"] == "v5"
    # A new version after a deletion takes the next number, never a freed one.
    assert iam.create_policy_version(PolicyArn=arn, PolicyDocument=doc())["PolicyVersion"]["VersionId"] == "v6"

    code, message, _ = error(iam.delete_policy, PolicyArn=arn)
    assert code == "DeleteConflict" and "more than one version" in message
    for v in ("v2", "v3", "v4", "v6"):
        iam.delete_policy_version(PolicyArn=arn, VersionId=v)
    iam.delete_policy(PolicyArn=arn)
    assert error(iam.get_policy, PolicyArn=arn) == ("NoSuchEntity", f"Policy {arn} was not found.", 404)


def test_policy_errors(iam):
    iam.create_policy(PolicyName="dup", PolicyDocument=doc())
    assert error(iam.create_policy, PolicyName="DUP", PolicyDocument=doc()) == (
        "EntityAlreadyExists", "A policy called DUP already exists. Duplicate names are not allowed.", 409)
    assert error(iam.create_policy, PolicyName="bad", PolicyDocument="{not json") == (
        "MalformedPolicyDocument", "This policy contains invalid Json", 400)
    assert error(iam.create_policy, PolicyName="bad", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*"}]})) == (
        "MalformedPolicyDocument", "Policy statement must contain resources.", 400)
    assert error(iam.put_role_policy, RoleName="nobody", PolicyName="p", PolicyDocument=doc())[0] == "NoSuchEntity"
    code, message, status = error(iam.create_role, RoleName="has space", AssumeRolePolicyDocument=TRUST)
    assert (code, status) == ("ValidationError", 400)
    assert message == ("1 validation error detected: Value 'has space' at 'roleName' failed to satisfy constraint: "
                       "Member must satisfy regular expression pattern: [\\w+=,.@-]+")
    code, message, _ = error(iam.create_role, RoleName="r", Path="nope", AssumeRolePolicyDocument=TRUST)
    assert code == "ValidationError" and "at 'path'" in message
    code, message, _ = error(iam.get_policy, PolicyArn="arn:aws:iam::000000000000:role/notapolicy")
    assert (code, message) == ("InvalidInput", "ARN arn:aws:iam::000000000000:role/notapolicy is not valid.")


def test_attachments_and_aws_managed_catalogue(iam):
    iam.create_role(RoleName="worker", AssumeRolePolicyDocument=TRUST)
    local = iam.create_policy(PolicyName="local", PolicyDocument=doc())["Policy"]["Arn"]
    missing = "arn:aws:iam::aws:policy/NoSuchManagedPolicy"
    assert error(iam.attach_role_policy, RoleName="worker", PolicyArn=missing) == (
        "NoSuchEntity", f"Policy {missing} does not exist or is not attachable.", 404)
    for arn in (local, "arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess",
                "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"):
        iam.attach_role_policy(RoleName="worker", PolicyArn=arn)
    iam.attach_role_policy(RoleName="worker", PolicyArn=local)  # attaching twice changes nothing
    attached = iam.list_attached_role_policies(RoleName="worker")["AttachedPolicies"]
    assert len(attached) == 3
    only_service_role = iam.list_attached_role_policies(RoleName="worker", PathPrefix="/service-role/")
    assert [p["PolicyName"] for p in only_service_role["AttachedPolicies"]] == ["AWSLambdaBasicExecutionRole"]

    entities = iam.list_entities_for_policy(PolicyArn=local)
    assert [r["RoleName"] for r in entities["PolicyRoles"]] == ["worker"] and entities["PolicyUsers"] == []
    attached_only = iam.list_policies(OnlyAttached=True)["Policies"]
    assert sorted(p["PolicyName"] for p in attached_only) == ["AWSLambdaBasicExecutionRole", "AmazonDynamoDBFullAccess",
                                                              "local"]
    assert [p["PolicyName"] for p in iam.list_policies(Scope="Local")["Policies"]] == ["dup", "local"]

    # Every AWS managed policy in the catalogue is reachable by paging, each with a valid document.
    aws_policies = list(iam.get_paginator("list_policies").paginate(
        Scope="AWS", PaginationConfig={"PageSize": 7}).search("Policies"))
    names = [p["PolicyName"] for p in aws_policies]
    for expected in ("AWSLambdaBasicExecutionRole", "AWSLambdaDynamoDBExecutionRole", "AmazonDynamoDBFullAccess",
                     "AmazonS3FullAccess", "AWSLambdaRole", "AWSLambdaExecute", "AdministratorAccess"):
        assert expected in names
    assert len(names) == len(set(names)) > 20
    assert all(p["Arn"].startswith("arn:aws:iam::aws:policy/") and p["PolicyId"].startswith("ANPA") for p in aws_policies)
    role_policy = [p for p in aws_policies if p["PolicyName"] == "AWSLambdaRole"][0]
    assert role_policy["Arn"] == "arn:aws:iam::aws:policy/service-role/AWSLambdaRole"
    assert error(iam.delete_policy, PolicyArn="arn:aws:iam::aws:policy/AmazonS3FullAccess")[0] == "AccessDenied"

    assert error(iam.detach_role_policy, RoleName="worker", PolicyArn="arn:aws:iam::aws:policy/AmazonS3FullAccess") == (
        "NoSuchEntity", "Policy arn:aws:iam::aws:policy/AmazonS3FullAccess was not found.", 404)
    assert error(iam.delete_role, RoleName="worker") == (
        "DeleteConflict", "Cannot delete entity, must detach all policies first.", 409)
    for p in attached:
        iam.detach_role_policy(RoleName="worker", PolicyArn=p["PolicyArn"])
    iam.delete_role(RoleName="worker")


def test_inline_policies_and_url_encoded_documents(iam, bunker):
    iam.create_role(RoleName="inline-holder", AssumeRolePolicyDocument=TRUST)
    text = '{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Allow", "Action": "dynamodb:*", "Resource": "*"}]\n}'
    iam.put_role_policy(RoleName="inline-holder", PolicyName="b-policy", PolicyDocument=text)
    iam.put_role_policy(RoleName="inline-holder", PolicyName="a-policy", PolicyDocument=doc())
    assert iam.list_role_policies(RoleName="inline-holder")["PolicyNames"] == ["a-policy", "b-policy"]
    got = iam.get_role_policy(RoleName="inline-holder", PolicyName="b-policy")
    assert got["RoleName"] == "inline-holder" and got["PolicyDocument"] == json.loads(text)

    # On the wire IAM returns documents percent-encoded, exactly as they were sent.
    status, body = raw_query(bunker, {"Action": "GetRolePolicy", "Version": "2010-05-08",
                                      "RoleName": "inline-holder", "PolicyName": "b-policy"})
    assert status == 200
    encoded = body.split("<PolicyDocument>")[1].split("</PolicyDocument>")[0]
    assert encoded == urllib.parse.quote(text, safe="-_.~")
    assert "<GetRolePolicyResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">" in body
    assert "<ResponseMetadata><RequestId>" in body

    assert error(iam.delete_role, RoleName="inline-holder") == (
        "DeleteConflict", "Cannot delete entity, must delete policies first.", 409)
    assert error(iam.get_role_policy, RoleName="inline-holder", PolicyName="zzz") == (
        "NoSuchEntity", "The role policy with name zzz cannot be found.", 404)
    iam.delete_role_policy(RoleName="inline-holder", PolicyName="a-policy")
    iam.delete_role_policy(RoleName="inline-holder", PolicyName="b-policy")
    iam.delete_role(RoleName="inline-holder")


def test_users_and_access_keys(iam):
    user = iam.create_user(UserName="deployer", Path="/ci/")["User"]
    assert user["UserId"].startswith("AIDA") and user["Arn"] == "arn:aws:iam::000000000000:user/ci/deployer"
    assert iam.get_user(UserName="deployer")["User"]["UserId"] == user["UserId"]
    assert error(iam.create_user, UserName="Deployer") == ("EntityAlreadyExists", "User with name Deployer already exists.", 409)
    keys = [iam.create_access_key(UserName="deployer")["AccessKey"] for _ in range(2)]
    for k in keys:
        assert k["AccessKeyId"].startswith("AKIA") and len(k["AccessKeyId"]) == 20 and len(k["SecretAccessKey"]) == 40
        assert k["Status"] == "Active" and k["UserName"] == "deployer"
    assert error(iam.create_access_key, UserName="deployer") == (
        "LimitExceeded", "Cannot exceed quota for AccessKeysPerUser: 2", 409)
    listed = iam.list_access_keys(UserName="deployer")["AccessKeyMetadata"]
    assert sorted(k["AccessKeyId"] for k in listed) == sorted(k["AccessKeyId"] for k in keys)
    assert "SecretAccessKey" not in listed[0]
    iam.update_access_key(UserName="deployer", AccessKeyId=keys[0]["AccessKeyId"], Status="Inactive")
    statuses = {k["AccessKeyId"]: k["Status"] for k in iam.list_access_keys(UserName="deployer")["AccessKeyMetadata"]}
    assert statuses[keys[0]["AccessKeyId"]] == "Inactive"
    assert [u["UserName"] for u in iam.list_users(PathPrefix="/ci/")["Users"]] == ["deployer"]

    iam.attach_user_policy(UserName="deployer", PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")
    assert error(iam.delete_user, UserName="deployer") == (
        "DeleteConflict", "Cannot delete entity, must delete access keys first.", 409)
    for k in keys:
        iam.delete_access_key(UserName="deployer", AccessKeyId=k["AccessKeyId"])
    assert error(iam.delete_access_key, UserName="deployer", AccessKeyId=keys[0]["AccessKeyId"]) == (
        "NoSuchEntity", f"The Access Key with id {keys[0]['AccessKeyId']} cannot be found.", 404)
    assert error(iam.delete_user, UserName="deployer")[1] == "Cannot delete entity, must detach all policies first."
    iam.detach_user_policy(UserName="deployer", PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")
    iam.delete_user(UserName="deployer")
    assert error(iam.get_user, UserName="deployer") == ("NoSuchEntity", "The user with name deployer cannot be found.", 404)


def test_instance_profiles(iam):
    iam.create_role(RoleName="ec2-role", AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}))
    iam.create_role(RoleName="other-role", AssumeRolePolicyDocument=TRUST)
    profile = iam.create_instance_profile(InstanceProfileName="web")["InstanceProfile"]
    assert profile["InstanceProfileId"].startswith("AIPA") and profile["Roles"] == []
    assert profile["Arn"] == "arn:aws:iam::000000000000:instance-profile/web"
    assert error(iam.create_instance_profile, InstanceProfileName="web")[0] == "EntityAlreadyExists"
    iam.add_role_to_instance_profile(InstanceProfileName="web", RoleName="ec2-role")
    assert [r["RoleName"] for r in iam.get_instance_profile(InstanceProfileName="web")["InstanceProfile"]["Roles"]] == [
        "ec2-role"]
    assert error(iam.add_role_to_instance_profile, InstanceProfileName="web", RoleName="other-role")[0] == "LimitExceeded"
    assert [p["InstanceProfileName"] for p in
            iam.list_instance_profiles_for_role(RoleName="ec2-role")["InstanceProfiles"]] == ["web"]
    assert error(iam.delete_role, RoleName="ec2-role") == (
        "DeleteConflict", "Cannot delete entity, must remove roles from instance profile first.", 409)
    assert error(iam.delete_instance_profile, InstanceProfileName="web")[0] == "DeleteConflict"
    iam.remove_role_from_instance_profile(InstanceProfileName="web", RoleName="ec2-role")
    iam.delete_instance_profile(InstanceProfileName="web")
    assert error(iam.get_instance_profile, InstanceProfileName="web") == (
        "NoSuchEntity", "Instance Profile web cannot be found.", 404)
    iam.delete_role(RoleName="ec2-role")
    iam.delete_role(RoleName="other-role")


def test_unknown_and_unimplemented_actions(bunker):
    status, body = raw_query(bunker, {"Action": "MakeCoffee", "Version": "2010-05-08"})
    assert status == 400 and "<Code>InvalidAction</Code>" in body and "<Type>Sender</Type>" in body
    status, body = raw_query(bunker, {"Action": "CreateVirtualMFADevice", "Version": "2010-05-08", "VirtualMFADeviceName": "m"})
    assert status == 501 and "<Code>NotImplemented</Code>" in body


def test_groups(iam):
    """The IAM getting-started steps: an admin group with AWS's AdministratorAccess, a user in it."""
    group = iam.create_group(GroupName="Admins")["Group"]
    assert group["GroupId"].startswith("AGPA") and group["Arn"] == "arn:aws:iam::000000000000:group/Admins"
    assert error(iam.create_group, GroupName="admins") == ("EntityAlreadyExists", "Group with name admins already exists.", 409)
    admin_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
    iam.attach_group_policy(GroupName="Admins", PolicyArn=admin_arn)
    iam.put_group_policy(GroupName="Admins", PolicyName="extra", PolicyDocument=doc())
    iam.create_user(UserName="alice")
    iam.add_user_to_group(GroupName="Admins", UserName="alice")
    iam.add_user_to_group(GroupName="Admins", UserName="alice")  # already a member: nothing changes
    got = iam.get_group(GroupName="admins")
    assert got["Group"]["GroupName"] == "Admins" and [u["UserName"] for u in got["Users"]] == ["alice"]
    assert [g["GroupName"] for g in iam.list_groups_for_user(UserName="alice")["Groups"]] == ["Admins"]
    assert [p["PolicyName"] for p in iam.list_attached_group_policies(GroupName="Admins")["AttachedPolicies"]] == [
        "AdministratorAccess"]
    assert iam.list_group_policies(GroupName="Admins")["PolicyNames"] == ["extra"]
    assert iam.get_group_policy(GroupName="Admins", PolicyName="extra")["PolicyDocument"] == json.loads(doc())
    entities = iam.list_entities_for_policy(PolicyArn=admin_arn)
    assert [(g["GroupName"], g["GroupId"]) for g in entities["PolicyGroups"]] == [("Admins", group["GroupId"])]

    assert error(iam.delete_group, GroupName="Admins") == (
        "DeleteConflict", "Cannot delete entity, must remove users from group first.", 409)
    assert error(iam.delete_user, UserName="alice")[0] == "DeleteConflict"
    iam.remove_user_from_group(GroupName="Admins", UserName="alice")
    assert iam.get_group(GroupName="Admins")["Users"] == []
    assert error(iam.delete_group, GroupName="Admins")[1] == "Cannot delete entity, must detach all policies first."
    iam.detach_group_policy(GroupName="Admins", PolicyArn=admin_arn)
    assert error(iam.delete_group, GroupName="Admins")[1] == "Cannot delete entity, must delete policies first."
    iam.delete_group_policy(GroupName="Admins", PolicyName="extra")
    iam.delete_group(GroupName="Admins")
    iam.delete_user(UserName="alice")
    assert error(iam.get_group, GroupName="Admins") == ("NoSuchEntity", "The group with name Admins cannot be found.", 404)


def test_permissions_boundaries(iam):
    boundary = iam.create_policy(PolicyName="boundary", PolicyDocument=doc("s3:*"))["Policy"]["Arn"]
    missing = "arn:aws:iam::000000000000:policy/no-such-boundary"
    assert error(iam.create_role, RoleName="bounded", AssumeRolePolicyDocument=TRUST, PermissionsBoundary=missing) == (
        "NoSuchEntity", f"Scope ARN: {missing} does not exist or is not attachable.", 404)
    iam.create_role(RoleName="bounded", AssumeRolePolicyDocument=TRUST, PermissionsBoundary=boundary)
    assert iam.get_role(RoleName="bounded")["Role"]["PermissionsBoundary"] == {
        "PermissionsBoundaryType": "PermissionsBoundaryPolicy", "PermissionsBoundaryArn": boundary}
    iam.create_user(UserName="bounded-user")
    iam.put_user_permissions_boundary(UserName="bounded-user", PermissionsBoundary=boundary)
    policy = iam.get_policy(PolicyArn=boundary)["Policy"]
    assert (policy["AttachmentCount"], policy["PermissionsBoundaryUsageCount"]) == (0, 2)
    assert [p["PolicyName"] for p in iam.list_policies(Scope="Local", PolicyUsageFilter="PermissionsBoundary")[
        "Policies"]] == ["boundary"]
    assert error(iam.delete_policy, PolicyArn=boundary)[0] == "DeleteConflict"
    iam.delete_role_permissions_boundary(RoleName="bounded")
    iam.delete_user_permissions_boundary(UserName="bounded-user")
    assert "PermissionsBoundary" not in iam.get_role(RoleName="bounded")["Role"]
    iam.delete_policy(PolicyArn=boundary)
    iam.delete_role(RoleName="bounded")
    iam.delete_user(UserName="bounded-user")


def test_login_profiles(iam):
    iam.create_user(UserName="console-user")
    profile = iam.create_login_profile(UserName="console-user", Password="Zombies-4-ever!", PasswordResetRequired=True)
    assert profile["LoginProfile"]["UserName"] == "console-user" and profile["LoginProfile"]["PasswordResetRequired"]
    assert error(iam.create_login_profile, UserName="console-user", Password="x")[0] == "EntityAlreadyExists"
    iam.update_login_profile(UserName="console-user", PasswordResetRequired=False)
    assert iam.get_login_profile(UserName="console-user")["LoginProfile"]["PasswordResetRequired"] is False
    assert error(iam.delete_user, UserName="console-user") == (
        "DeleteConflict", "Cannot delete entity, must delete login profile first.", 409)
    iam.delete_login_profile(UserName="console-user")
    assert error(iam.get_login_profile, UserName="console-user") == (
        "NoSuchEntity", "Login Profile for User console-user cannot be found.", 404)
    iam.delete_user(UserName="console-user")
