package io.chainwatch.sim.fault;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP echo server on 127.0.0.1: sends back every byte it reads, and half-closes when the client
 * does. One virtual thread per connection.
 */
final class EchoServer implements AutoCloseable {
    private final ServerSocket server;
    /** Connections open now; written by connection threads, read by the test. */
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    private EchoServer(ServerSocket server) {
        this.server = server;
    }

    static EchoServer start() throws IOException {
        EchoServer echo = new EchoServer(new ServerSocket(0, 64, InetAddress.getLoopbackAddress()));
        Thread.ofVirtual().name("echo-accept").start(echo::acceptLoop);
        return echo;
    }

    InetSocketAddress address() {
        return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
    }

    int openConnections() {
        return open.size();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                open.add(socket);
                Thread.ofVirtual().name("echo-" + socket.getPort()).start(() -> echo(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void echo(Socket socket) {
        byte[] buffer = new byte[4096];
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
            socket.shutdownOutput();
        } catch (IOException e) {
            // The proxy cut the connection: that is what most tests here do on purpose.
        } finally {
            open.remove(socket);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : open) {
            socket.close();
        }
    }
}
