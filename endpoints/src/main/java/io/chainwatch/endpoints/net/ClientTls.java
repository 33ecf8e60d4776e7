package io.chainwatch.endpoints.net;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.Socket;
import java.util.List;

/** TLS over a connected socket, as our WebSocket and HTTP clients start it. */
public final class ClientTls {
    private ClientTls() {
    }

    /**
     * Wraps {@code socket} (connected to {@code host}) in TLS and completes the handshake within
     * {@code timeoutMs}: the certificate must chain to {@code context}'s trust and name the host;
     * the host is sent as SNI unless it is an IP address. Closing the result closes {@code socket}.
     */
    public static SSLSocket start(SSLContext context, Socket socket, String host, int port, int timeoutMs) throws IOException {
        SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(socket, host, port, true);
        SSLParameters parameters = ssl.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host
        if (!host.contains(":") && !host.chars().allMatch(c -> c == '.' || Character.isDigit(c))) {
            parameters.setServerNames(List.of(new SNIHostName(host))); // SNI names hosts, never IP addresses
        }
        ssl.setSSLParameters(parameters);
        socket.setSoTimeout(timeoutMs);
        ssl.startHandshake();
        return ssl;
    }
}
