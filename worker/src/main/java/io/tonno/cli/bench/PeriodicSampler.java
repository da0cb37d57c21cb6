package io.tonno.cli.bench;

/** A daemon thread that takes a sample, then sleeps a period, until it is closed (interrupted, then joined). */
final class PeriodicSampler implements AutoCloseable {
    private final Thread thread;

    private PeriodicSampler(Thread thread) {
        this.thread = thread;
    }

    /** Starts a thread named {@code name} running {@code sample} every {@code periodMillis} milliseconds. */
    static PeriodicSampler start(String name, long periodMillis, Runnable sample) {
        Thread thread = new Thread(
                () -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        sample.run();
                        try {
                            Thread.sleep(periodMillis);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                name);
        thread.setDaemon(true);
        thread.start();
        return new PeriodicSampler(thread);
    }

    /** Stops the sampling and waits until the last sample is taken. */
    @Override
    public void close() throws InterruptedException {
        thread.interrupt();
        thread.join();
    }
}
