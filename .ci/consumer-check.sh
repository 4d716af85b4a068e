#!/usr/bin/env bash
# The three packages as an adopter gets them: `pnpm pack` each (workspace:^ becomes a
# real range), `npm install` the tarballs into a fresh project (dependencies come from
# the npm registry), then run what the READMEs promise:
#   - the README's SDK quickstart as an ES module, output compared with the README;
#   - a TypeScript program over every entry point under moduleResolution node16 and
#     bundler with skipLibCheck: false (the WeChat bot's own file may only fail inside
#     Wechaty's declarations, which do not compile without skipLibCheck);
#   - require('@kamkit/sdk') from CommonJS (Node's require(esm));
#   - `npx kamkit --version` (or --help), `npx kamkit demo --memory`, both bots'
#     --help and --version;
#   - publint --strict and @arethetypeswrong/cli (profile esm-only) on each tarball,
#     and `npm publish --dry-run` of each.
# Needs a prior `pnpm build`. Usage: bash .ci/consumer-check.sh [work folder]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="${1:-$(mktemp -d -t kamkit-consumer-XXXXXX)}"
mkdir -p "$work/tarballs" "$work/app"
tarballs="$work/tarballs"
app="$work/app"
echo "consumer check in $work"

for package in sdk slack-bot wechat-bot; do
  (cd "$root/packages/$package" && pnpm pack --pack-destination "$tarballs" >/dev/null)
done
sdk_tgz="$(ls "$tarballs"/kamkit-sdk-*.tgz)"
slack_tgz="$(ls "$tarballs"/kamkit-slack-bot-*.tgz)"
wechat_tgz="$(ls "$tarballs"/kamkit-wechat-bot-*.tgz)"

echo "--- publint --strict and attw (esm-only), npm publish --dry-run"
for tarball in "$sdk_tgz" "$slack_tgz" "$wechat_tgz"; do
  (cd "$root" && pnpm exec publint run --strict "$tarball")
  (cd "$root" && pnpm exec attw --profile esm-only --format table-flipped "$tarball")
  (cd "$app" && npm publish --dry-run --loglevel=error "$tarball" >/dev/null)
  echo "npm publish --dry-run: $(basename "$tarball") ok"
done

echo "--- npm install into a fresh project"
cp "$root/.ci/consumer/package.json" "$app/package.json"
cp -r "$root/.ci/consumer/ts" "$app/ts"
cp "$root/.ci/consumer/require.cjs" "$app/require.cjs"
(cd "$app" && npm install --no-audit --no-fund --loglevel=error \
  "$sdk_tgz" "$slack_tgz" "$wechat_tgz" typescript@~5.9.3 @types/node@^20.19.0)

echo "--- the README quickstart as an ES module"
# The first ```ts block after '## SDK quickstart' and the <!-- output --> block after it.
awk '/^## SDK quickstart/{on=1} on&&/^```ts/{code=1;next} code&&/^```/{exit} code{print}' "$root/README.md" >"$app/quickstart.mjs"
awk '/^## SDK quickstart/{on=1} on&&/<!-- output -->/{out=1} out&&/^```text/{text=1;next} text&&/^```/{exit} text{print}' "$root/README.md" >"$app/quickstart.expected"
test -s "$app/quickstart.mjs"
(cd "$app" && node quickstart.mjs >quickstart.actual)
diff -u "$app/quickstart.expected" "$app/quickstart.actual"
echo "quickstart output matches the README"

echo "--- CommonJS: require('@kamkit/sdk')"
(cd "$app" && node require.cjs)

echo "--- TypeScript with skipLibCheck: false"
for resolution in node16 bundler; do
  (cd "$app" && npx tsc -p "ts/tsconfig.$resolution.json")
  echo "SDK and Slack bot types: $resolution ok"
  # Wechaty 1.x's own declarations have errors of their own; ours must add none.
  output="$(cd "$app" && npx tsc -p "ts/tsconfig.$resolution-wechat.json" 2>&1 || true)"
  ours="$(printf '%s\n' "$output" | grep -E '^[^ ].*error TS' | grep -vE '^node_modules/(wechaty|wechaty-puppet|state-switch)/' || true)"
  if [[ -n "$ours" ]]; then
    printf '%s\n' "$ours"
    exit 1
  fi
  echo "WeChat bot types: $resolution ok (errors only inside Wechaty's own declarations)"
done

echo "--- the binaries"
cd "$app"
if npx kamkit --help | grep -q -- '--version'; then npx kamkit --version; else npx kamkit --help >/dev/null; fi
npx kamkit demo --memory >demo.txt
grep -q 'Period:' demo.txt
npx kamkit-slack-bot --help | grep -q SLACK_API_URL
npx kamkit-slack-bot --version
npx kamkit-slack-bot --manifest | grep -q '/kam'
npx kamkit-wechat-bot --help | grep -q WECHATY_PUPPET
npx kamkit-wechat-bot --version
echo "consumer check passed"
