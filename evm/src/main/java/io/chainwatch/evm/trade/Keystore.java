package io.chainwatch.evm.trade;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chainwatch.core.Hex;
import org.bouncycastle.crypto.generators.SCrypt;
import org.web3j.crypto.Hash;

import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

/**
 * Opens an Ethereum keystore file (version 3, the format geth, Foundry's {@code cast wallet} and
 * MetaMask exports write): the key derived from the password by scrypt or PBKDF2-HMAC-SHA256, checked
 * by the file's MAC (keccak-256 of the derived key's second half and the ciphertext), then the
 * private key decrypted with AES-128-CTR.
 */
final class Keystore {
    /** Most work a file may ask of scrypt (n times r), so a crafted file cannot exhaust the machine. */
    private static final long MAX_SCRYPT_WORK = 1L << 22;

    private Keystore() {
    }

    /** The file's password does not match its MAC. */
    static final class WrongPasswordException extends Exception {
        WrongPasswordException() {
            super("wrong password");
        }
    }

    /** The 32-byte private key in {@code json}; throws IllegalArgumentException naming what is wrong with the file. */
    static byte[] decrypt(byte[] json, String password) throws IOException, WrongPasswordException {
        JsonNode root = new ObjectMapper().readTree(json);
        if (root == null || root.path("version").asInt() != 3) {
            throw new IllegalArgumentException("version: expected 3");
        }
        JsonNode crypto = root.has("crypto") ? root.get("crypto") : root.path("Crypto");
        if (!"aes-128-ctr".equals(crypto.path("cipher").asText())) {
            throw new IllegalArgumentException("cipher: expected aes-128-ctr, got " + crypto.path("cipher").asText("nothing"));
        }
        byte[] ciphertext = hex(crypto, "ciphertext");
        byte[] iv = hex(crypto.path("cipherparams"), "iv");
        byte[] mac = hex(crypto, "mac");
        JsonNode params = crypto.path("kdfparams");
        byte[] salt = hex(params, "salt");
        int dklen = params.path("dklen").asInt();
        if (dklen < 32) {
            throw new IllegalArgumentException("kdfparams.dklen: expected at least 32, got " + dklen);
        }
        byte[] pw = password.getBytes(StandardCharsets.UTF_8);
        byte[] derived = switch (crypto.path("kdf").asText()) {
            case "scrypt" -> {
                int n = params.path("n").asInt();
                int r = params.path("r").asInt();
                int p = params.path("p").asInt();
                if (n < 2 || Integer.bitCount(n) != 1 || r < 1 || p < 1 || (long) n * r > MAX_SCRYPT_WORK || p > 16) {
                    throw new IllegalArgumentException("kdfparams: scrypt n=" + n + " r=" + r + " p=" + p + " out of range");
                }
                yield SCrypt.generate(pw, salt, n, r, p, dklen);
            }
            case "pbkdf2" -> {
                if (!"hmac-sha256".equals(params.path("prf").asText())) {
                    throw new IllegalArgumentException("kdfparams.prf: expected hmac-sha256");
                }
                int c = params.path("c").asInt();
                if (c < 1 || c > 10_000_000) {
                    throw new IllegalArgumentException("kdfparams.c: out of range");
                }
                yield pbkdf2(password, salt, c, dklen);
            }
            default -> throw new IllegalArgumentException("kdf: expected scrypt or pbkdf2, got " + crypto.path("kdf").asText("nothing"));
        };
        byte[] macInput = new byte[16 + ciphertext.length];
        System.arraycopy(derived, 16, macInput, 0, 16);
        System.arraycopy(ciphertext, 0, macInput, 16, ciphertext.length);
        if (!MessageDigest.isEqual(Hash.sha3(macInput), mac)) {
            throw new WrongPasswordException();
        }
        try {
            Cipher aes = Cipher.getInstance("AES/CTR/NoPadding");
            aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(derived, 0, 16, "AES"), new IvParameterSpec(iv));
            byte[] key = aes.doFinal(ciphertext);
            if (key.length != 32) {
                throw new IllegalArgumentException("ciphertext: expected a 32-byte key, got " + key.length + " bytes");
            }
            return key;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cipherparams: " + e.getMessage());
        } finally {
            java.util.Arrays.fill(derived, (byte) 0);
        }
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations, int dklen) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, dklen * 8);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("pbkdf2: " + e.getMessage());
        }
    }

    private static byte[] hex(JsonNode parent, String field) {
        JsonNode v = parent.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException(field + ": expected hex text");
        }
        return Hex.decode(v.asText());
    }
}
