package io.chainwatch.evm.trade;

import io.chainwatch.core.Address;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The key live trades are signed with. It comes from an environment variable or an encrypted
 * keystore file (its password from the environment), never from the YAML. Nothing of it is ever
 * printed: {@link #toString()} and every error name only where it came from and its address.
 */
public final class TradingKey {
    private final Credentials credentials;
    private final Address address;
    private final String source;

    private TradingKey(Credentials credentials, String source) {
        this.credentials = credentials;
        this.address = Address.of(credentials.getAddress());
        this.source = source;
    }

    /** The key held in {@code variable} as 64 hex digits (with or without 0x). */
    public static TradingKey fromEnvironment(Map<String, String> env, String variable) {
        String value = env.get(variable);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("environment " + variable + ": not set; live trading needs the signing key there");
        }
        String hex = value.strip();
        if (hex.startsWith("0x") || hex.startsWith("0X")) {
            hex = hex.substring(2);
        }
        if (hex.length() != 64 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("environment " + variable + ": not a private key (expected 64 hex digits; the value is not shown)");
        }
        BigInteger secret = new BigInteger(hex, 16);
        if (secret.signum() == 0 || secret.compareTo(SECP256K1_ORDER) >= 0) {
            throw new IllegalArgumentException("environment " + variable + ": not a valid secp256k1 private key (the value is not shown)");
        }
        return new TradingKey(Credentials.create(ECKeyPair.create(secret)), "environment " + variable);
    }

    /** The key in an Ethereum keystore (v3) file, decrypted with the password held in {@code passwordVariable}. */
    public static TradingKey fromKeystore(Path file, Map<String, String> env, String passwordVariable) {
        String password = env.get(passwordVariable);
        if (password == null) {
            throw new IllegalArgumentException("environment " + passwordVariable + ": not set; the keystore " + file + " needs its password there");
        }
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("keystore " + file + ": not a readable file");
        }
        byte[] secret;
        try {
            secret = Keystore.decrypt(Files.readAllBytes(file), password);
        } catch (Keystore.WrongPasswordException e) {
            throw new IllegalArgumentException("keystore " + file + ": the password in " + passwordVariable + " does not open it");
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("keystore " + file + ": not a readable Ethereum keystore (" + e.getMessage() + ")");
        }
        BigInteger k = new BigInteger(1, secret);
        java.util.Arrays.fill(secret, (byte) 0);
        if (k.signum() == 0 || k.compareTo(SECP256K1_ORDER) >= 0) {
            throw new IllegalArgumentException("keystore " + file + ": holds no valid secp256k1 private key");
        }
        return new TradingKey(Credentials.create(ECKeyPair.create(k)), "keystore " + file);
    }

    public Address address() {
        return address;
    }

    /** Signs an EIP-1559 transaction; the raw bytes to send. */
    byte[] sign(RawTransaction tx) {
        return TransactionEncoder.signMessage(tx, credentials); // an EIP-1559 transaction carries its chain id itself
    }

    @Override
    public String toString() {
        return "TradingKey[" + address.hex() + " from " + source + "]";
    }

    private static final BigInteger SECP256K1_ORDER = new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16);
}
