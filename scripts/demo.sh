#!/usr/bin/env bash
# The main job on a fresh machine: set up, index the sample news, answer a question in the terminal.
# Pass a question as arguments to ask your own (instead of the three sample ones). With DISCORD_TOKEN in .env, starts the bot after.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [[ $# -gt 0 ]]; then
  QUESTIONS=("$*")
else
  QUESTIONS=(
    "How much did the Notre-Dame restoration cost, and who paid for it?"
    "What is the nickname of Scaloni's team?"
    "Who won the 2024 Olympic men's 100 metres?"
  )
fi
.venv/bin/newsbot ingest samples/news
for QUESTION in "${QUESTIONS[@]}"; do
  echo
  echo "\$ newsbot ask \"$QUESTION\""
  .venv/bin/newsbot ask "$QUESTION"
done
if [[ -n "${DISCORD_TOKEN:-}" ]] || grep -qE '^\s*DISCORD_TOKEN\s*=\s*\S' .env 2>/dev/null; then
  echo
  echo "\$ newsbot run    (DISCORD_TOKEN is set; Ctrl+C stops the bot)"
  exec .venv/bin/newsbot run
fi
