# The tonno worker image. CPU: `docker build -t tonno-worker .`
# GPU: `docker build --build-arg PYTORCH_FLAVOR=cu128 -t tonno-worker-gpu .` (needs the network at build time: it
# downloads the CUDA 12.8 build of libtorch 2.7.1 and DJL's JNI library for it into the image; docs/orchestration.md).
# Stage 1 builds the runnable jar with Maven (for a CUDA flavour without the CPU libtorch: profile gpu); stage 2 is a
# JRE with dcm2niix (DICOM series input).
ARG PYTORCH_FLAVOR=cpu

FROM maven:3.9-eclipse-temurin-17 AS build
ARG PYTORCH_FLAVOR
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -DskipTests $([ "$PYTORCH_FLAVOR" != cpu ] && echo -Pgpu) package -pl worker -am

FROM eclipse-temurin:17-jre
ARG PYTORCH_FLAVOR
RUN apt-get update \
    && apt-get install -y --no-install-recommends dcm2niix \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /opt/tonno tonno
COPY --from=build /src/worker/target/tonno-all.jar /opt/tonno/tonno.jar
WORKDIR /opt/tonno
USER tonno
# DJL's cache of native libraries, inside the image, and the libtorch build DJL loads: cpu (carried by the CPU jar)
# or a CUDA flavour, which the GPU image downloads now (no GPU is needed to download; without a driver at build time
# `tonno devices` may not load the engine, hence the check on the folder). At run time nothing is downloaded.
ENV DJL_CACHE_DIR=/opt/tonno/djl PYTORCH_FLAVOR=${PYTORCH_FLAVOR}
RUN if [ "$PYTORCH_FLAVOR" != cpu ]; then \
        java -Dai.djl.offline=false -jar /opt/tonno/tonno.jar devices || true; \
        ls -d "/opt/tonno/djl/pytorch/2.7.1-"*"$PYTORCH_FLAVOR-linux-x86_64"; \
    fi
# JVM options: nothing is downloaded at run time, in either image.
ENV TONNO_JAVA_OPTS="-XX:MaxRAMPercentage=75 -Dai.djl.offline=true"
# libtorch 2.7.1's oneDNN AVX-512 convolutions are wrong on some CPUs (docs/classifier.md).
ENV ONEDNN_MAX_CPU_ISA=AVX2
# libtorch's activation buffers stay in glibc's heap instead of one mmap/munmap per batch (docs/classifier.md).
ENV MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=1073741824 MALLOC_TOP_PAD_=268435456
# ... and on transparent huge pages, one page fault per 2 MiB (docs/classifier.md).
ENV GLIBC_TUNABLES=glibc.malloc.hugetlb=1
# Waiting OpenMP threads sleep instead of spinning, so activities sharing the cores do not stall each other.
ENV OMP_WAIT_POLICY=PASSIVE
# exec keeps java as PID 1, so SIGTERM from `docker stop` reaches the worker's graceful shutdown.
ENTRYPOINT ["sh", "-c", "exec java $TONNO_JAVA_OPTS -jar /opt/tonno/tonno.jar \"$@\"", "tonno"]
CMD ["worker", "--queues", "tonno,tonno-cpu,tonno-gpu"]
