# Stand-ins for the official base images, made offline where no container registry is reachable (tests/containers/engine.sh
# builds them; the project's Dockerfile and docker-compose.yml select them through their own switches). They keep the
# official images' conventions: the app user (1654), ASPNETCORE_HTTP_PORTS, DOTNET_RUNNING_IN_CONTAINER, /usr/share/dotnet.
# The build context holds only the host's .NET (as dotnet/) and the host's CA bundle.
ARG DEBIAN_IMAGE=webdemo-stand-in/debian:bookworm

FROM ${DEBIAN_IMAGE} AS runtime-deps
# Debian's CA certificates alone do not carry the roots the package feeds here are signed with.
COPY ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
ENV APP_UID=1654 ASPNETCORE_HTTP_PORTS=8080 DOTNET_RUNNING_IN_CONTAINER=true
RUN groupadd --gid=1654 app && useradd --uid=1654 --gid=1654 --create-home --shell /bin/false app

FROM runtime-deps AS runtime
COPY dotnet/dotnet dotnet/LICENSE.txt /usr/share/dotnet/
COPY dotnet/host /usr/share/dotnet/host
COPY dotnet/shared/Microsoft.NETCore.App /usr/share/dotnet/shared/Microsoft.NETCore.App
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet

FROM runtime AS aspnet
COPY dotnet/shared/Microsoft.AspNetCore.App /usr/share/dotnet/shared/Microsoft.AspNetCore.App

FROM runtime-deps AS sdk
COPY dotnet /usr/share/dotnet
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet
ENV DOTNET_NOLOGO=true DOTNET_GENERATE_ASPNET_CERTIFICATE=false NUGET_XMLDOC_MODE=skip

# prom/prometheus runs /bin/prometheus as nobody in /prometheus; Debian's package, plus the wget its health check uses.
FROM ${DEBIAN_IMAGE} AS prometheus
COPY ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus wget >/dev/null \
 && rm -rf /var/lib/apt/lists/* && mkdir /prometheus && chown nobody:nogroup /prometheus
USER nobody
WORKDIR /prometheus
EXPOSE 9090
ENTRYPOINT ["/usr/bin/prometheus"]
CMD ["--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/prometheus"]
