package io.ledgerline.localstack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/** Loopback port checks, so a port taken by a leftover process fails the start with a message, not a stack trace. */
final class Ports {

    private Ports() {
    }

    static boolean isOpen(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static void requireFree(int port, String what) {
        if (isOpen(port)) {
            throw new StackStartException("Port " + port + " (" + what + ") is already in use on 127.0.0.1. "
                    + "Is a previous local stack still running? Stop it, or choose another port (see deploy/README.md).");
        }
    }
}
