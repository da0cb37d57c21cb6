package io.tonno.cli.stack;

import io.tonno.activities.plugin.ActivityContext;
import io.tonno.activities.plugin.ActivityProvider;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Wraps a provider's activities in proxies that count executions per activity method. */
public final class CountingProvider implements ActivityProvider {
    private final ActivityProvider inner;
    final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    CountingProvider(ActivityProvider inner) {
        this.inner = inner;
    }

    int count(String method) {
        AtomicInteger n = calls.get(method);
        return n == null ? 0 : n.get();
    }

    @Override
    public List<Object> cpuActivities(ActivityContext context) {
        return inner.cpuActivities(context).stream().map(this::wrap).toList();
    }

    @Override
    public List<Object> gpuActivities(ActivityContext context) {
        return inner.gpuActivities(context).stream().map(this::wrap).toList();
    }

    @Override
    public void close() {
        inner.close();
    }

    private Object wrap(Object target) {
        return Proxy.newProxyInstance(
                target.getClass().getClassLoader(), target.getClass().getInterfaces(), (proxy, method, args) -> {
                    calls.computeIfAbsent(method.getName(), k -> new AtomicInteger())
                            .incrementAndGet();
                    try {
                        return method.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
