package dev.meshdemo.testing;

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
 * A TCP proxy on loopback that a test can cut ({@link #disconnect()}: open connections are closed and new ones
 * refused) and restore ({@link #reconnect()}) on the same port: a database outage without touching the
 * database, which works the same for the embedded server and an external one. It can also {@link #stall()}:
 * connections stay open and new ones are accepted, but no byte moves in either direction until
 * {@link #resume()} — a database that hangs (stopped processes, a partitioned network), which is worse than
 * one that refuses because nothing fails by itself.
 */
public final class TcpProxy implements AutoCloseable {

    private final String targetHost;
    private final int targetPort;
    private final int port;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;
    private final Object gate = new Object();
    private volatile boolean stalled;

    public TcpProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        ServerSocket first = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.port = first.getLocalPort();
        listen(first);
    }

    public int port() {
        return port;
    }

    public synchronized void disconnect() throws IOException {
        ServerSocket s = server;
        server = null;
        if (s != null) {
            s.close();
        }
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
        sockets.clear();
        resume(); // what was held goes nowhere now: its connections are closed
    }

    /** Holds every byte (both directions, open and new connections) until {@link #resume()}. */
    public void stall() {
        stalled = true;
    }

    /** Lets held and new bytes flow again. */
    public void resume() {
        synchronized (gate) {
            stalled = false;
            gate.notifyAll();
        }
    }

    public boolean stalled() {
        return stalled;
    }

    private void awaitFlowing() throws IOException {
        synchronized (gate) {
            while (stalled) {
                try {
                    gate.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while stalled", e);
                }
            }
        }
    }

    public synchronized void reconnect() throws IOException {
        if (server == null) {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            listen(s);
        }
    }

    @Override
    public void close() throws IOException {
        resume();
        disconnect();
    }

    private void listen(ServerSocket s) {
        server = s;
        Thread.ofVirtual().name("tcp-proxy-" + port).start(() -> {
            while (!s.isClosed()) {
                try {
                    Socket client = s.accept();
                    sockets.add(client);
                    // A stalled server accepts (the kernel would) but answers nothing, not even the handshake.
                    Thread.ofVirtual().start(() -> connect(client));
                } catch (IOException e) {
                    // accept() fails once the server socket is closed: the proxy is disconnected.
                }
            }
        });
    }

    private void connect(Socket client) {
        try {
            awaitFlowing();
            Socket upstream = new Socket(targetHost, targetPort);
            sockets.add(upstream);
            pump(client, upstream);
            pump(upstream, client);
        } catch (IOException e) {
            closeQuietly(client);
            sockets.remove(client);
        }
    }

    private void pump(Socket from, Socket to) {
        Thread.ofVirtual().start(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                byte[] buffer = new byte[16 * 1024];
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    awaitFlowing();
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException e) {
                // one side went away: close both below
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                sockets.remove(from);
                sockets.remove(to);
            }
        });
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
