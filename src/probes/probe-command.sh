#!/bin/sh
# The command of a cmdProbe's source pod (docs/decisions/0160), run by the pod as
#   /bin/sh -c "<this script>" ehc-probe "<the probe's command>"
# It runs the probe's command with `sh -c`, as litmus-go does in its probe pod. Its stdout
# becomes the pod's log, which the experiment compares; its stderr becomes the container's
# termination message, so the value compared is stdout alone (as in Litmus) and a failure
# can still say what the command printed on stderr.
if : 2>/dev/termination-log; then
  exec /bin/sh -c "$1" 2>/dev/termination-log
fi
# No writable termination log (an unusual runtime): stderr stays in the log.
exec /bin/sh -c "$1"
