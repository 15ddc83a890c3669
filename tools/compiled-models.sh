#!/usr/bin/env bash
# Regenerates EF's compiled models (src/Authgate.Server/Storage/CompiledModels/{Sqlite,Postgres}) from the entity
# configurations. Run it after changing an entity or its configuration, or after upgrading EF Core or a provider;
# CompiledModelTests fails until the models match. Needs the .NET 10 SDK; installs dotnet-ef into .tools/.
set -euo pipefail
cd "$(dirname "$0")/.."
ef=.tools/dotnet-ef
if [ ! -x "$ef" ]; then
  dotnet tool install dotnet-ef --version 10.0.15 --tool-path .tools >/dev/null
fi

models=src/Authgate.Server/Storage/CompiledModels
rm -rf "$models"
# The server builds without its models while they are generated (AuthgateGeneratingModels, read by MSBuild from the
# environment, leaves out the models and Storage/CompiledModel.cs): models that no longer match the entities would
# not compile.
export AuthgateGeneratingModels=true
dotnet restore tools/Authgate.EfDesign -v q >/dev/null
for provider in Sqlite Postgres; do
  AUTHGATE_EF_PROVIDER=$(echo "$provider" | tr '[:upper:]' '[:lower:]') "$ef" dbcontext optimize \
    --project src/Authgate.Server --startup-project tools/Authgate.EfDesign --context AuthDbContext \
    --output-dir "Storage/CompiledModels/$provider" --namespace "Authgate.Storage.CompiledModels.$provider" >/dev/null
done

# Two models for one context: EF would find both through their [assembly: DbContextModel] attribute and refuse to
# choose. The server names its model explicitly (Storage/CompiledModel.cs), so the attributes go.
grep -l '^\[assembly: DbContextModel(' "$models"/*/*.cs | xargs rm
# Each run gives the models a new modelId (a GUID in AuthDbContextModelBuilder.cs); nothing else changes when the
# entities did not.
echo "Regenerated $models/Sqlite and $models/Postgres."
echo "If the entities the token path reads changed, regenerate their row shapes too:"
echo "  AUTHGATE_WRITE_ROW_SHAPES=1 dotnet test tests/Authgate.Tests --filter EntityRowShapesTests"
