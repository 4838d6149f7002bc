# Packs every TelemetryFlow package into a local folder and registers that folder as a NuGet source, so that
# `dotnet add package TelemetryFlow.Hosting` (or TelemetryFlow, TelemetryFlow.AspNetCore, ...) works before the packages
# are on a public feed. The PowerShell twin of local-feed.sh, with the same options:
#
#   ./scripts/local-feed.ps1
#   ./scripts/local-feed.ps1 -Output C:\feeds\telemetryflow -Version 0.1.0-dev.1 -Name telemetryflow-local -ConfigFile nuget.config
param(
    [string] $Output = (Join-Path ([Environment]::GetFolderPath('UserProfile')) '.telemetryflow/nuget-feed'),
    [string] $Version = '',
    [string] $Name = 'telemetryflow-local',
    [string] $ConfigFile = ''
)
$ErrorActionPreference = 'Stop'
$root = Split-Path -Parent $PSScriptRoot

if (-not $Version) {
    $Version = ([xml](Get-Content (Join-Path $root 'Directory.Build.props'))).Project.PropertyGroup.Version | Where-Object { $_ } | Select-Object -First 1
}
New-Item -ItemType Directory -Force -Path $Output | Out-Null
$Output = (Resolve-Path $Output).Path

Write-Host "Packing TelemetryFlow $Version into $Output"
dotnet pack (Join-Path $root 'TelemetryFlow.sln') -c Release -o $Output "-p:Version=$Version" --nologo -v quiet
if ($LASTEXITCODE -ne 0) { throw "dotnet pack failed ($LASTEXITCODE)" }

# A copy of this version restored earlier would shadow the new packages.
$packagesFolder = ((dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', '').Trim()
Get-ChildItem $Output -Filter "TelemetryFlow*.$Version.nupkg" | ForEach-Object {
    $id = $_.Name.Substring(0, $_.Name.Length - ".$Version.nupkg".Length).ToLowerInvariant()
    Remove-Item -Recurse -Force -ErrorAction SilentlyContinue (Join-Path (Join-Path $packagesFolder $id) $Version)
}

$configArgs = @()
if ($ConfigFile) { $configArgs = @('--configfile', $ConfigFile) }
$sources = dotnet nuget list source @configArgs
if ($sources -match "^\s*\d+\.\s+$([regex]::Escape($Name))(\s|$)") {
    dotnet nuget update source $Name --source $Output @configArgs | Out-Null
} else {
    dotnet nuget add source $Output --name $Name @configArgs | Out-Null
}
if ($LASTEXITCODE -ne 0) { throw "registering the NuGet source failed ($LASTEXITCODE)" }

Write-Host "Registered NuGet source '$Name' -> $Output"
Get-ChildItem $Output -Filter "*.$Version.nupkg" | ForEach-Object { Write-Host "  $($_.Name)" }
Write-Host "Now: dotnet add package TelemetryFlow.Hosting --version $Version   (or TelemetryFlow / TelemetryFlow.AspNetCore)"
