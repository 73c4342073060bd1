#!/usr/bin/env bash
# Mail server: GreenMail standalone (Maven Central) with SMTP on 127.0.0.1:$SMTP_PORT and IMAP on 127.0.0.1:$IMAP_PORT.
# Usage: mail.sh up|down [--wipe]|status. Any address receives mail and any password logs in as that address (its
# mailbox is made on first use); a plus-address (inbox+token@x) lands in its base mailbox (inbox@x), as on the
# mail hosts the product meets. Mailboxes live in memory, so a restart empties them; only the log is kept under
# .infra/. See docs/adr/0003-object-store-and-mail.md.
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
NAME=mail

# greets PORT PREFIX: the server on 127.0.0.1:PORT sends a first line starting with PREFIX (an SMTP or IMAP greeting).
greets() {
  local port=$1 prefix=$2 bye=$3
  (
    exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
    IFS= read -r -t 3 line <&3 || exit 1
    # Say goodbye properly: GreenMail's IMAP handler spins on a connection closed without LOGOUT.
    printf '%s\r\n' "$bye" >&3
    IFS= read -r -t 3 _ <&3 || true
    [[ $line == "$prefix"* ]]
  ) 2>/dev/null
}

up() {
  if running $NAME; then say "mail already running (SMTP 127.0.0.1:$SMTP_PORT, IMAP 127.0.0.1:$IMAP_PORT)"; return 0; fi
  port_open "$SMTP_PORT" && die "port $SMTP_PORT is taken by another process; set SMTP_PORT"
  port_open "$IMAP_PORT" && die "port $IMAP_PORT is taken by another process; set IMAP_PORT"
  local cp; cp=$(maven_classpath greenmail)
  local opts=(-Xms32m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.awt.headless=true
    -Dgreenmail.hostname=127.0.0.1
    "-Dgreenmail.smtp.port=$SMTP_PORT" "-Dgreenmail.imap.port=$IMAP_PORT"
    # Any login works and creates its mailbox: tests and services pick addresses freely.
    -Dgreenmail.auth.disabled
    # Deliver inbox+token@x to inbox@x, as the product's reply addresses rely on.
    -Dgreenmail.sieve.ignore.detail=true
    # A bind address also switches on GreenMail's REST API on port 8080; port 0 keeps it off.
    -Dgreenmail.api.port=0)
  say "starting GreenMail on SMTP 127.0.0.1:$SMTP_PORT and IMAP 127.0.0.1:$IMAP_PORT"
  start_bg $NAME java "${opts[@]}" -cp "$cp" com.icegreen.greenmail.standalone.GreenMailStandaloneRunner
  wait_for $NAME 60 greets "$SMTP_PORT" "220 " "QUIT"
  wait_for $NAME 30 greets "$IMAP_PORT" "* OK" "a1 LOGOUT"
  say "mail ready: SMTP 127.0.0.1:$SMTP_PORT, IMAP 127.0.0.1:$IMAP_PORT"
}

case "${1:-}" in
  up) up ;;
  down) stop_bg $NAME; [ "${2:-}" = "--wipe" ] && rm -f "$INFRA_DIR/$NAME.log" || true ;;
  status) running $NAME && echo "mail: running (SMTP 127.0.0.1:$SMTP_PORT, IMAP 127.0.0.1:$IMAP_PORT)" \
    || echo "mail: stopped" ;;
  *) echo "usage: $0 up|down [--wipe]|status" >&2; exit 2 ;;
esac
