#!/usr/bin/env bash
# Runs every test of the repository: the one command README gives. Installs what is missing first
# (build/install-prerequisites.sh), then builds and tests the solution in Release, then the browser client in
# clients/js (whose adapter tests start the samples built here). Extra arguments go to dotnet test (for example
# --filter FullyQualifiedName~Redis). Exits non-zero when any test fails.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

./build/install-prerequisites.sh

# The AWS SDK must never look for EC2 instance metadata: there is none, and tests use fake credentials.
export AWS_EC2_METADATA_DISABLED=true
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

status=0
dotnet test ProgressKit.sln -c Release "$@" </dev/null || status=$?

# The browser client, also when a .NET test failed: build (types checked against docs/*.schema.json, bundle sizes),
# then node --test. Its SignalR and API Gateway tests start those samples from their Release output; dotnet test
# builds only what test projects reference, so build them here (incremental: seconds when up to date).
for sample in SignalRSample ApiGatewaySample; do
  dotnet build "samples/$sample/$sample.csproj" -c Release --nologo -v q </dev/null || status=$?
done
(cd clients/js && npm test </dev/null) || status=$?
exit "$status"
