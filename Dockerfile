# The tonno worker image: `docker build -t tonno-worker .`
# Stage 1 builds the runnable jar with Maven; stage 2 is a JRE with dcm2niix (DICOM series input).

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -DskipTests package -pl worker -am

FROM eclipse-temurin:17-jre
RUN apt-get update \
    && apt-get install -y --no-install-recommends dcm2niix \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /opt/tonno tonno
COPY --from=build /src/worker/target/tonno-all.jar /opt/tonno/tonno.jar
WORKDIR /opt/tonno
USER tonno
# JVM options; GPU workers that may download the CUDA build of libtorch drop -Dai.djl.offline=true.
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
