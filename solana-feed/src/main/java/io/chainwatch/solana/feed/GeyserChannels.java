package io.chainwatch.solana.feed;

import io.chainwatch.core.config.Redact;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;

import java.net.URI;
import java.util.Locale;

/**
 * Makes the gRPC channel (one HTTP/2 connection) to a Geyser endpoint from its URL:
 * {@code http://host[:port]} is plaintext, {@code https://host[:port]} TLS, the path is not used. A
 * token goes in the {@code x-token} header of every call, as Yellowstone servers expect it.
 */
final class GeyserChannels {
    private static final Metadata.Key<String> X_TOKEN = Metadata.Key.of("x-token", Metadata.ASCII_STRING_MARSHALLER);

    private GeyserChannels() {
    }

    /**
     * @param token           the x-token, or null for none
     * @param maxMessageBytes largest message read; a bigger one fails the call with RESOURCE_EXHAUSTED
     * @throws IllegalArgumentException for a URL that is not http or https with a host (named, redacted)
     */
    static ManagedChannel open(URI url, String token, int maxMessageBytes) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
            throw new IllegalArgumentException("geyser endpoint url: need http://host[:port] (plaintext) or https://host[:port] (TLS), got "
                    + Redact.url(url.toString()));
        }
        boolean tls = scheme.equals("https");
        int port = url.getPort() >= 0 ? url.getPort() : tls ? 443 : 80;
        NettyChannelBuilder b = NettyChannelBuilder.forAddress(url.getHost(), port)
                .maxInboundMessageSize(maxMessageBytes)
                .userAgent("chainwatch");
        if (tls) {
            b.useTransportSecurity();
        } else {
            b.usePlaintext();
        }
        if (token != null) {
            Metadata headers = new Metadata();
            headers.put(X_TOKEN, token);
            b.intercept(MetadataUtils.newAttachHeadersInterceptor(headers));
        }
        return b.build();
    }
}
