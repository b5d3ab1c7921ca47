#!/usr/bin/env bash
# Local single-node Kafka (KRaft, broker+controller) without Docker.
# The broker jars come from Maven Central (infra/kafka/pom.xml), the config from infra/kafka/.
#
# Usage: scripts/kafka.sh <fetch|start|stop|status|reset|help>
#
# Environment:
#   KAFKA_STATE_DIR        state dir (libs/, data/, logs/, server.properties, pid)  [<repo>/.local/kafka]
#   KAFKA_PORT             PLAINTEXT listener on 127.0.0.1                           [9092]
#   KAFKA_CONTROLLER_PORT  CONTROLLER listener on 127.0.0.1                          [9093]
#   KAFKA_HEAP_OPTS        JVM heap options                                          [-Xms256m -Xmx512m]
#   KAFKA_OPTS             extra JVM options (optional)
#   KAFKA_START_TIMEOUT    seconds to wait for the broker to answer                  [90]
#   KAFKA_STOP_TIMEOUT     seconds to wait after SIGTERM before SIGKILL              [30]
#   JAVA_HOME              if set, $JAVA_HOME/bin/java is used (Java 17+ for Kafka 4.x)
#
# Topics are not created here (the Node code does that with the kafkajs admin client).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
ROOT_DIR="$(cd "$SCRIPT_DIR/.." && pwd -P)"
INFRA_DIR="$ROOT_DIR/infra/kafka"
POM="$INFRA_DIR/pom.xml"
TEMPLATE="$INFRA_DIR/server.properties.template"

STATE_DIR="${KAFKA_STATE_DIR:-$ROOT_DIR/.local/kafka}"
[[ "$STATE_DIR" = /* ]] || STATE_DIR="$PWD/$STATE_DIR"
STATE_DIR="${STATE_DIR%/}"
LIBS_DIR="$STATE_DIR/libs"
DATA_DIR="$STATE_DIR/data"
LOG_DIR="$STATE_DIR/logs"
SERVER_PROPS="$STATE_DIR/server.properties"
PID_FILE="$STATE_DIR/kafka.pid"
CLUSTER_ID_FILE="$STATE_DIR/cluster-id"
LIBS_MARKER="$LIBS_DIR/.fetched"
SERVER_LOG="$LOG_DIR/server.log"
STDOUT_LOG="$LOG_DIR/kafka.out"

PORT="${KAFKA_PORT:-9092}"
CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}"
START_TIMEOUT="${KAFKA_START_TIMEOUT:-90}"
STOP_TIMEOUT="${KAFKA_STOP_TIMEOUT:-30}"
POLL_INTERVAL=0.25
DEP_PLUGIN="org.apache.maven.plugins:maven-dependency-plugin:3.8.1"

if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then JAVA="$JAVA_HOME/bin/java"; else JAVA="java"; fi

info() { printf '[kafka] %s\n' "$*"; }
die() { printf '[kafka] ERROR: %s\n' "$*" >&2; exit 1; }

for v in PORT CONTROLLER_PORT START_TIMEOUT STOP_TIMEOUT; do
  [[ "${!v}" =~ ^[0-9]+$ ]] || die "$v must be a number (got '${!v}')"
done
[[ "$PORT" != "$CONTROLLER_PORT" ]] || die "KAFKA_PORT and KAFKA_CONTROLLER_PORT must differ"

now_ms() { date +%s%3N; }
elapsed() { local ms=$(( $(now_ms) - $1 )); printf '%d.%01ds' $((ms / 1000)) $(((ms % 1000) / 100)); }

# ---------------------------------------------------------------------------------------------
# Version / libs
# ---------------------------------------------------------------------------------------------
kafka_version() {
  local v
  v="$(sed -n 's:.*<kafka\.version>[[:space:]]*\([^<[:space:]]*\)[[:space:]]*</kafka\.version>.*:\1:p' "$POM" | head -n1)"
  [[ -n "$v" ]] || die "cannot read <kafka.version> from $POM"
  printf '%s' "$v"
}

# The marker records the Kafka version and a hash of the POM, so changing either re-fetches.
expected_marker() {
  printf 'kafka.version=%s pom.sha256=%s' "$(kafka_version)" "$(sha256sum "$POM" | cut -d' ' -f1)"
}

libs_ok() {
  [[ -f "$LIBS_MARKER" && -f "$LIBS_DIR/kafka_2.13-$(kafka_version).jar" ]] &&
    [[ "$(cat "$LIBS_MARKER")" == "$(expected_marker)" ]]
}

# A fresh machine of the project's kind has Java 17 and Maven; any other Debian machine gets them
# from apt when we run as root, so the script never depends on something installed by hand.
ensure_tool() {
  local tool="$1" package="$2"
  command -v "$tool" >/dev/null 2>&1 && return 0
  if [[ $EUID -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    info "installing $package (apt-get) for $tool"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null
  fi
  command -v "$tool" >/dev/null 2>&1 || die "$tool not found on PATH; install $package"
}

do_fetch() {
  local version tmp out t0
  version="$(kafka_version)"
  if libs_ok; then
    return 0
  fi
  ensure_tool java openjdk-17-jre-headless
  ensure_tool mvn maven
  info "fetching Kafka $version jars from Maven Central into $LIBS_DIR ..."
  t0="$(now_ms)"
  mkdir -p "$STATE_DIR"
  tmp="$(mktemp -d "$STATE_DIR/libs.tmp.XXXXXX")"
  chmod 755 "$tmp"
  # Download into a temp dir, then swap: never leave a half-filled or mixed-version libs dir.
  if ! out="$(mvn -B -q -f "$POM" "$DEP_PLUGIN:copy-dependencies" \
      -DoutputDirectory="$tmp" -DincludeScope=runtime 2>&1 9>&-)"; then
    rm -rf "$tmp"
    printf '%s\n' "$out" >&2
    die "maven could not fetch the Kafka $version jars (see above)"
  fi
  if [[ ! -f "$tmp/kafka_2.13-$version.jar" ]]; then
    rm -rf "$tmp"
    die "maven finished but $tmp/kafka_2.13-$version.jar is missing"
  fi
  expected_marker >"$tmp/.fetched"
  rm -rf "$LIBS_DIR"
  mv "$tmp" "$LIBS_DIR"
  info "fetched $(find "$LIBS_DIR" -name '*.jar' | wc -l) jars ($(du -sh "$LIBS_DIR" | cut -f1)) in $(elapsed "$t0")"
}

# ---------------------------------------------------------------------------------------------
# Process helpers
# ---------------------------------------------------------------------------------------------
# True if $1 is a live (non-zombie) process running kafka.Kafka with this state dir's config.
is_our_broker() {
  local pid="$1" stat state cmd
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  stat="$(cat "/proc/$pid/stat" 2>/dev/null)" || return 1
  state="${stat##*) }"; state="${state%% *}"
  [[ "$state" != "Z" && "$state" != "X" ]] || return 1
  cmd="$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline")" || return 1
  [[ "$cmd" == *kafka.Kafka* && "$cmd" == *"$SERVER_PROPS"* ]]
}

is_alive() {
  local pid="$1" stat state
  stat="$(cat "/proc/$pid/stat" 2>/dev/null)" || return 1
  state="${stat##*) }"; state="${state%% *}"
  [[ "$state" != "Z" && "$state" != "X" ]]
}

# Prints the pid of our running broker (pid file first, then a /proc scan in case the pid file
# was lost); returns 1 if none.
find_broker_pid() {
  local pid="" p
  if [[ -f "$PID_FILE" ]]; then
    pid="$(tr -dc '0-9' 2>/dev/null <"$PID_FILE" || true)"
    if [[ -n "$pid" ]] && is_our_broker "$pid"; then
      printf '%s' "$pid"
      return 0
    fi
  fi
  for p in /proc/[0-9]*; do
    p="${p#/proc/}"
    [[ "$p" != "$$" ]] || continue
    if is_our_broker "$p"; then
      printf '%s' "$p"
      return 0
    fi
  done
  return 1
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

port_owner() {
  command -v ss >/dev/null 2>&1 || return 0
  ss -Hltnp "sport = :$1" 2>/dev/null | sed -n 's/.*users:((\(.*\)))$/\1/p' | head -n1
}

with_lock() {
  mkdir -p "$STATE_DIR"
  exec 9>>"$STATE_DIR/.lock"
  if command -v flock >/dev/null 2>&1; then
    flock -w $((START_TIMEOUT + STOP_TIMEOUT + 300)) 9 || die "could not lock $STATE_DIR/.lock (another kafka.sh is busy)"
  fi
}

# ---------------------------------------------------------------------------------------------
# Config / storage
# ---------------------------------------------------------------------------------------------
render_config() {
  local line tmp
  [[ -f "$TEMPLATE" ]] || die "missing $TEMPLATE"
  tmp="$SERVER_PROPS.tmp.$$"
  : >"$tmp"
  while IFS= read -r line || [[ -n "$line" ]]; do
    line="${line//@KAFKA_PORT@/"$PORT"}"
    line="${line//@KAFKA_CONTROLLER_PORT@/"$CONTROLLER_PORT"}"
    line="${line//@KAFKA_DATA_DIR@/"$DATA_DIR"}"
    printf '%s\n' "$line" >>"$tmp"
  done <"$TEMPLATE"
  mv -f "$tmp" "$SERVER_PROPS"
}

# Kafka 4.x logs through log4j2 (log4j2.yaml); 3.x through reload4j (log4j.properties, not shipped).
log4j_opts() {
  local major
  major="$(kafka_version)"; major="${major%%.*}"
  if ((major >= 4)); then
    [[ -f "$INFRA_DIR/log4j2.yaml" ]] || die "missing $INFRA_DIR/log4j2.yaml"
    printf '%s' "-Dlog4j2.configurationFile=$INFRA_DIR/log4j2.yaml"
  else
    [[ -f "$INFRA_DIR/log4j.properties" ]] || die "missing $INFRA_DIR/log4j.properties (needed for Kafka 3.x)"
    printf '%s' "-Dlog4j.configuration=file:$INFRA_DIR/log4j.properties"
  fi
}

# PLAINTEXT port the rendered server.properties uses (the running broker's, if any).
configured_port() {
  local p
  p="$(sed -n 's/^advertised\.listeners=PLAINTEXT:\/\/[^:]*:\([0-9]*\).*/\1/p' "$SERVER_PROPS" 2>/dev/null | head -n1)"
  printf '%s' "${p:-$PORT}"
}

# Kafka cluster ids are 16 random bytes in URL-safe base64 without padding (22 chars),
# and must not start with '-' (same rule as org.apache.kafka.common.Uuid.randomUuid()).
new_cluster_id() {
  local id
  while :; do
    id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
    [[ "$id" != -* && "$id" != "AAAAAAAAAAAAAAAAAAAAAA" && "$id" != "AAAAAAAAAAAAAAAAAAAAAQ" ]] && break
  done
  printf '%s' "$id"
}

ensure_formatted() {
  local cid out
  mkdir -p "$DATA_DIR" "$LOG_DIR"
  if [[ -f "$DATA_DIR/meta.properties" ]]; then
    # Already formatted: keep the cluster-id file in sync with what is on disk.
    cid="$(sed -n 's/^cluster\.id=//p' "$DATA_DIR/meta.properties" | head -n1)"
    if [[ -n "$cid" && "$(cat "$CLUSTER_ID_FILE" 2>/dev/null || true)" != "$cid" ]]; then
      printf '%s\n' "$cid" >"$CLUSTER_ID_FILE"
    fi
    return 0
  fi
  if [[ -s "$CLUSTER_ID_FILE" ]]; then
    cid="$(tr -d '[:space:]' <"$CLUSTER_ID_FILE")"
  else
    cid="$(new_cluster_id)"
    printf '%s\n' "$cid" >"$CLUSTER_ID_FILE"
  fi
  info "formatting KRaft storage in $DATA_DIR (cluster id $cid)"
  if ! out="$("$JAVA" -Xmx256m -Djava.awt.headless=true "$(log4j_opts)" "-Dkafka.logs.dir=$LOG_DIR" \
      -cp "$LIBS_DIR/*" kafka.tools.StorageTool format --ignore-formatted \
      -t "$cid" -c "$SERVER_PROPS" 2>&1 9>&-)"; then
    printf '%s\n' "$out" >&2
    die "kafka-storage format failed"
  fi
}

# ---------------------------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------------------------
# $1: byte offset of server.log when this start began (only lines written since then are shown).
print_logs() {
  local offset="${1:-0}" size
  size="$(stat -c %s "$SERVER_LOG" 2>/dev/null || echo 0)"
  ((size >= offset)) || offset=0
  if ((size > offset)); then
    printf '%s\n' "----- last 50 lines of $SERVER_LOG (this start) -----" >&2
    tail -c +"$((offset + 1))" "$SERVER_LOG" | tail -n 50 >&2
  else
    printf '%s\n' "----- $SERVER_LOG: nothing logged by this start -----" >&2
  fi
  if [[ -s "$STDOUT_LOG" ]]; then
    printf '%s\n' "----- last 50 lines of $STDOUT_LOG -----" >&2
    tail -n 50 "$STDOUT_LOG" >&2
  fi
  printf '%s\n' "-----" >&2
}

stop_pid() {
  local pid="$1" deadline
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$((SECONDS + STOP_TIMEOUT))
  while is_alive "$pid" && ((SECONDS < deadline)); do sleep "$POLL_INTERVAL"; done
  if is_alive "$pid"; then
    info "broker (pid $pid) did not exit within ${STOP_TIMEOUT}s, sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    deadline=$((SECONDS + 10))
    while is_alive "$pid" && ((SECONDS < deadline)); do sleep "$POLL_INTERVAL"; done
    ! is_alive "$pid" || die "broker (pid $pid) survived SIGKILL"
  fi
}

cmd_fetch() {
  with_lock
  if libs_ok; then
    info "Kafka $(kafka_version) jars already in $LIBS_DIR"
  else
    do_fetch
  fi
}

cmd_start() {
  local pid t0 offset deadline size p
  local -a heap extra
  t0="$(now_ms)"
  with_lock

  if pid="$(find_broker_pid)"; then
    [[ "$(cat "$PID_FILE" 2>/dev/null || true)" == "$pid" ]] || printf '%s\n' "$pid" >"$PID_FILE"
    info "already running (pid $pid, 127.0.0.1:$(configured_port), state $STATE_DIR)"
    if [[ "$(configured_port)" != "$PORT" ]]; then
      info "WARNING: it listens on $(configured_port), not KAFKA_PORT=$PORT; run 'stop' then 'start' to change ports"
    fi
    return 0
  fi
  if [[ -f "$PID_FILE" ]]; then
    info "removing stale pid file $PID_FILE (pid $(cat "$PID_FILE" 2>/dev/null || true) is not our broker)"
    rm -f "$PID_FILE"
  fi
  for p in "$PORT" "$CONTROLLER_PORT"; do
    if port_open "$p"; then
      die "port 127.0.0.1:$p is already in use by another process ($(port_owner "$p")); it is not the broker of $STATE_DIR. Stop it or set KAFKA_PORT / KAFKA_CONTROLLER_PORT."
    fi
  done

  do_fetch
  render_config
  ensure_formatted

  read -r -a heap <<<"$HEAP_OPTS"
  read -r -a extra <<<"${KAFKA_OPTS:-}"
  offset="$(stat -c %s "$SERVER_LOG" 2>/dev/null || echo 0)"
  : >"$STDOUT_LOG"
  # setsid+nohup: the broker gets its own session and survives the calling shell/terminal.
  # The wrapper writes its own pid (== java's pid after exec) so the pid file is always exact.
  # 9>&- : do not leak the lock fd into the broker.
  # shellcheck disable=SC2016 # $$/$0/$@ are expanded by the inner bash on purpose
  setsid nohup bash -c 'echo $$ >"$0"; exec "$@"' "$PID_FILE" \
    "$JAVA" "${heap[@]}" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 \
    -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true \
    "$(log4j_opts)" "-Dkafka.logs.dir=$LOG_DIR" "${extra[@]}" \
    -cp "$LIBS_DIR/*" kafka.Kafka "$SERVER_PROPS" \
    >>"$STDOUT_LOG" 2>&1 </dev/null 9>&- &

  deadline=$((SECONDS + START_TIMEOUT))
  pid=""
  while :; do
    [[ -n "$pid" ]] || pid="$(tr -dc '0-9' 2>/dev/null <"$PID_FILE" || true)"
    if [[ -n "$pid" ]]; then
      if ! is_alive "$pid"; then
        rm -f "$PID_FILE"
        print_logs "$offset"
        die "broker process (pid $pid) exited during startup"
      fi
      if port_open "$PORT"; then
        size="$(stat -c %s "$SERVER_LOG" 2>/dev/null || echo 0)"
        ((size >= offset)) || offset=0 # log rolled over
        # (no grep -q: with pipefail an early grep exit would fail the pipeline via SIGPIPE)
        if tail -c +"$((offset + 1))" "$SERVER_LOG" 2>/dev/null |
          grep -E 'Kafka Server started|KafkaRaftServer.*started' >/dev/null; then
          info "Kafka $(kafka_version) ready on 127.0.0.1:$PORT (pid $pid) in $(elapsed "$t0")"
          return 0
        fi
      fi
    fi
    if ((SECONDS >= deadline)); then
      print_logs "$offset"
      if [[ -n "$pid" ]] && is_alive "$pid"; then
        info "stopping the half-started broker (pid $pid)"
        stop_pid "$pid"
      fi
      rm -f "$PID_FILE"
      die "broker did not become ready within ${START_TIMEOUT}s (KAFKA_START_TIMEOUT)"
    fi
    sleep "$POLL_INTERVAL"
  done
}

cmd_stop() {
  local pid t0
  t0="$(now_ms)"
  with_lock
  if ! pid="$(find_broker_pid)"; then
    rm -f "$PID_FILE"
    info "not running"
    return 0
  fi
  info "stopping broker (pid $pid) ..."
  stop_pid "$pid"
  rm -f "$PID_FILE"
  info "stopped in $(elapsed "$t0")"
}

cmd_status() {
  local pid answer
  if pid="$(find_broker_pid)"; then
    local port
    port="$(configured_port)"
    if port_open "$port"; then answer="accepting connections"; else answer="not accepting connections yet"; fi
    echo "running (pid $pid, 127.0.0.1:$port $answer, state $STATE_DIR)"
    return 0
  fi
  echo "stopped"
  return 1
}

cmd_reset() {
  cmd_stop
  rm -rf "$DATA_DIR" "$LOG_DIR"
  info "deleted $DATA_DIR and $LOG_DIR (kept $LIBS_DIR)"
}

usage() {
  sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"
}

case "${1:-}" in
  fetch) cmd_fetch ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  reset) cmd_reset ;;
  help | -h | --help) usage ;;
  *)
    usage >&2
    exit 2
    ;;
esac
