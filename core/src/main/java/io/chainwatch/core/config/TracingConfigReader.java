package io.chainwatch.core.config;

import java.net.URI;
import java.net.URISyntaxException;

/** Reads and checks the {@code tracing:} section; absent, tracing is off. */
final class TracingConfigReader {
    private TracingConfigReader() {
    }

    static TracingConfig read(ConfigNode n) {
        TracingConfig off = TracingConfig.OFF;
        boolean enabled = n.bool("enabled", off.enabled());
        URI endpoint = endpoint(n, n.string("otlpEndpoint", off.otlpEndpoint().toString()).trim());
        String serviceName = n.string("serviceName", off.serviceName()).trim();
        if (!serviceName.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new ConfigException(n.keyPath("serviceName"), "got '" + serviceName
                    + "', allowed letters, digits, '.', '-' and '_' (at most 64, starting with a letter or digit)");
        }
        double ratio = n.doubleValue("sampleRatio", off.sampleRatio(), 0, 1);
        n.rejectUnknownKeys();
        return new TracingConfig(enabled, endpoint, serviceName, ratio);
    }

    /** The collector's base URL gets OTLP's traces path; a URL with a path is taken as it is. */
    private static URI endpoint(ConfigNode n, String text) {
        URI url;
        try {
            url = new URI(text);
        } catch (URISyntaxException e) {
            url = null;
        }
        if (url == null || url.getHost() == null || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
            throw new ConfigException(n.keyPath("otlpEndpoint"), "got '" + Redact.url(text)
                    + "', allowed an http or https URL of an OTLP/HTTP receiver, such as http://localhost:4318");
        }
        String path = url.getRawPath();
        return path == null || path.isEmpty() || path.equals("/") ? url.resolve("/v1/traces") : url;
    }
}
