#!/usr/bin/env bash
# S3-compatible object store: Adobe S3Mock (a Spring Boot jar from Maven Central) on 127.0.0.1:$S3_PORT, path-style.
# Usage: s3.sh up|down [--wipe]|status. Buckets and objects live under .infra/s3 and survive restarts;
# `down --wipe` removes them. See docs/adr/0003-object-store-and-mail.md.
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
NAME=s3
DIR="$INFRA_DIR/s3"
BASE_URL="http://127.0.0.1:$S3_PORT"

# S3Mock binds its plain-HTTP connector to every interface and has no setting for that connector's address.
# This bean definition, loaded as an extra Spring source, sets the address to loopback before Tomcat binds.
write_config() {
  mkdir -p "$DIR/data"
  cat >"$DIR/loopback-connector.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<beans xmlns="http://www.springframework.org/schema/beans"
       xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
       xsi:schemaLocation="http://www.springframework.org/schema/beans https://www.springframework.org/schema/beans/spring-beans.xsd">
  <bean class="org.springframework.beans.factory.config.MethodInvokingBean" lazy-init="false">
    <property name="targetObject" ref="httpConnector"/>
    <property name="targetMethod" value="setProperty"/>
    <property name="arguments">
      <list><value>address</value><value>127.0.0.1</value></list>
    </property>
  </bean>
</beans>
XML
}

# answers: ListBuckets over plain HTTP returns 200 (S3Mock does not check credentials).
answers() { curl -fsS -o /dev/null --max-time 2 "$BASE_URL/"; }

up() {
  if running $NAME; then say "s3 already running on $BASE_URL"; return 0; fi
  port_open "$S3_PORT" && die "port $S3_PORT is taken by another process; set S3_PORT"
  command -v curl >/dev/null || die "curl is needed to check that the object store answers"
  local jar; jar=$(maven_classpath s3)
  [ -f "$jar" ] || die "Maven did not resolve the S3Mock jar (got: $jar)"
  write_config
  local java_opts=(-Xms64m -Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.awt.headless=true
    "-Djava.io.tmpdir=$DIR")
  local args=(
    "--spring.main.sources=file:$DIR/loopback-connector.xml"
    "--http.port=$S3_PORT"
    # The HTTPS connector cannot be switched off: give it any free port, on loopback.
    --server.port=0 --server.address=127.0.0.1
    "--com.adobe.testing.s3mock.store.root=$DIR/data"
    --com.adobe.testing.s3mock.store.retain-files-on-exit=true
    "--com.adobe.testing.s3mock.store.region=$S3_REGION"
    --spring.main.banner-mode=off)
  say "starting S3Mock ($(basename "$jar" -exec.jar)) on $BASE_URL"
  start_bg $NAME java "${java_opts[@]}" -jar "$jar" "${args[@]}"
  wait_for $NAME 90 answers
  say "s3 ready: S3_ENDPOINT=$BASE_URL (path-style, region $S3_REGION)"
}

case "${1:-}" in
  up) up ;;
  down) stop_bg $NAME; [ "${2:-}" = "--wipe" ] && rm -rf "$DIR" || true ;;
  status) running $NAME && echo "s3: running ($BASE_URL)" || echo "s3: stopped" ;;
  *) echo "usage: $0 up|down [--wipe]|status" >&2; exit 2 ;;
esac
