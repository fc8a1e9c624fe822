# Shared by deploy and teardown: where Bunker is, the AWS CLI, and the names of
# everything the chat consists of. Sourced, not run.

ENDPOINT=${BUNKER_ENDPOINT:-${AWS_ENDPOINT_URL:-http://localhost:4566}}
ENDPOINT=${ENDPOINT%/}
REGION=${AWS_REGION:-${AWS_DEFAULT_REGION:-us-east-1}}
# Bunker accepts any credentials; these are used only when none are configured.
export AWS_ACCESS_KEY_ID=${AWS_ACCESS_KEY_ID:-test}
export AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY:-test}
export AWS_PAGER=""
AWS_CLI=${AWS_CLI:-aws}

# Every name can be overridden, e.g. to deploy two copies side by side.
MESSAGES_TABLE=${ZOMBIE_MESSAGES_TABLE:-messages}
ACTIVITY_TABLE=${ZOMBIE_ACTIVITY_TABLE:-activity}
SEARCH_TABLE=${ZOMBIE_SEARCH_TABLE:-search}
PREFIX=${ZOMBIE_PREFIX:-zombie}
BUCKET=${ZOMBIE_BUCKET:-zombie-chat}
API_NAME=${ZOMBIE_API_NAME:-zombie-chat}
STAGE=${ZOMBIE_STAGE:-ZombieWorkshopStage}
ROLE_NAME=${ZOMBIE_ROLE:-${PREFIX}-lambda-role}

# Function name, runtime, handler, source folder. The 2016-style functions run on
# nodejs20.x, whose runtime still supports callback handlers with context.succeed/fail
# (nodejs24.x dropped them).
FUNCTIONS=(
  "${PREFIX}-GetMessages|nodejs20.x|index.handler|get_messages"
  "${PREFIX}-WriteMessages|nodejs20.x|index.handler|write_messages"
  "${PREFIX}-WriteTalkers|nodejs20.x|index.handler|write_talkers"
  "${PREFIX}-GetTalkers|nodejs22.x|index.handler|get_talkers"
  "${PREFIX}-TwilioSms|python3.12|handler.handler|twilio"
  "${PREFIX}-SlackCommand|nodejs20.x|index.handler|slack"
  "${PREFIX}-IndexMessages|nodejs22.x|index.handler|index_messages"
  "${PREFIX}-SearchMessages|nodejs22.x|index.handler|search_messages"
)

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/zombie-chat.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# Port of the endpoint (for the *.localhost URLs).
endpoint_port() {
  local hostport=${ENDPOINT#*://}
  hostport=${hostport%%/*}
  if [[ $hostport == *:* ]]; then echo "${hostport##*:}"
  elif [[ $ENDPOINT == https://* ]]; then echo 443
  else echo 80; fi
}

awscli() {
  "$AWS_CLI" --endpoint-url "$ENDPOINT" --region "$REGION" --output text "$@"
}

# Runs an AWS CLI call that may fail with an expected error. Returns 0 with the output in
# $OUT, or 3 when the call failed with one of the given error codes (a regular expression
# over the CLI's message, e.g. "ResourceNotFoundException"); any other failure prints the
# error and exits. Not for use inside $(…): it sets a variable and may exit.
#   probe ResourceNotFoundException lambda get-function --function-name x || rc=$?
probe() {
  local codes=$1 rc=0; shift
  local base="$WORK/probe.$BASHPID"
  awscli "$@" >"$base.out" 2>"$base.err" || rc=$?
  OUT=$(cat "$base.out")
  if [ $rc -eq 0 ]; then return 0; fi
  if grep -Eq "($codes)" "$base.err"; then return 3; fi
  echo "aws $* failed:" >&2
  cat "$base.err" >&2
  exit 1
}

say() { printf '%s\n' "$*" >&2; }

# ---- background jobs: independent calls run side by side ------------------------------
JOBS=()
MAX_JOBS=${ZOMBIE_JOBS:-4}
spawn() {  # spawn <name> <command…>: runs in the background, output kept for failures
  local name=$1; shift
  while [ "$(jobs -rp | wc -l)" -ge "$MAX_JOBS" ]; do wait -n || true; done
  # Not "a && b || c": set -e is void inside a subshell that is part of such a list.
  { ( set -euo pipefail; "$@" ) >"$WORK/$name.log" 2>&1; echo $? >"$WORK/$name.rc"; } &
  JOBS+=("$name")
}
join_all() {
  wait
  local failed=0 name
  for name in "${JOBS[@]}"; do
    if [ "$(cat "$WORK/$name.rc" 2>/dev/null || echo 1)" != 0 ]; then
      say "$(basename "$0"): $name failed:"
      failed=1
    fi
    sed 's/^/  /' "$WORK/$name.log" >&2
  done
  JOBS=()
  [ $failed -eq 0 ] || exit 1
}

