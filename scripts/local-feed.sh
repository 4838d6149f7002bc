#!/usr/bin/env bash
# Packs every TelemetryFlow package into a local folder and registers that folder as a NuGet source, so that
# `dotnet add package TelemetryFlow.Hosting` (or TelemetryFlow, TelemetryFlow.AspNetCore, ...) works before the packages
# are on a public feed.
#
#   scripts/local-feed.sh                                  pack into ~/.telemetryflow/nuget-feed, register "telemetryflow-local"
#   scripts/local-feed.sh --output DIR --version 0.1.0-dev.1 --name SOURCE --configfile path/to/nuget.config
#
# Without --configfile the source goes into your user-level NuGet configuration. Packing the same version again
# replaces the packages in the feed and removes that version of our packages from the NuGet global packages folder,
# where a copy restored earlier would otherwise be used instead.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
output="${HOME}/.telemetryflow/nuget-feed"
version=""
name="telemetryflow-local"
configfile=""

usage() { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  case "$1" in
    --output) output="$2"; shift 2 ;;
    --version) version="$2"; shift 2 ;;
    --name) name="$2"; shift 2 ;;
    --configfile) configfile="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "local-feed: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done

if [ -z "$version" ]; then
  version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$root/Directory.Build.props" | head -n 1)
fi
mkdir -p "$output"
output="$(cd "$output" && pwd)"

echo "Packing TelemetryFlow $version into $output"
version_args=(-p:Version="$version")
dotnet pack "$root/TelemetryFlow.sln" -c Release -o "$output" "${version_args[@]}" --nologo -v quiet

# A copy of this version restored earlier would shadow the new packages.
packages_folder=$(dotnet nuget locals global-packages --list | sed 's/^global-packages: *//')
for package in "$output"/TelemetryFlow*."$version".nupkg; do
  id=$(basename "$package" ".$version.nupkg" | tr '[:upper:]' '[:lower:]')
  rm -rf "${packages_folder:?}/$id/$version"
done

config_args=()
[ -n "$configfile" ] && config_args=(--configfile "$configfile")
if dotnet nuget list source "${config_args[@]}" | grep -Eq "^ *[0-9]+\. +$name( |$)"; then
  dotnet nuget update source "$name" --source "$output" "${config_args[@]}" >/dev/null
else
  dotnet nuget add source "$output" --name "$name" "${config_args[@]}" >/dev/null
fi

echo "Registered NuGet source '$name' -> $output"
ls "$output"/*."$version".nupkg | sed 's:.*/:  :'
echo "Now: dotnet add package TelemetryFlow.Hosting --version $version   (or TelemetryFlow / TelemetryFlow.AspNetCore)"
