package io.chainwatch.evm.trade;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Wallet;
import org.web3j.crypto.WalletFile;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The signing key from the environment or a keystore, and that nothing of it is ever printed. */
class TradingKeyTest {
    /** Anvil's public dev account 0 (a well-known test key, never a real one). */
    private static final String DEV_KEY = "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    private static final String DEV_ADDRESS = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";

    @Test
    void aKeyFromTheEnvironmentGivesItsAddressAndIsNeverPrinted() {
        TradingKey key = TradingKey.fromEnvironment(Map.of("KEY", "0x" + DEV_KEY), "KEY");
        assertThat(key.address().hex()).isEqualTo(DEV_ADDRESS);
        assertThat(key.toString()).contains(DEV_ADDRESS).contains("environment KEY").doesNotContain(DEV_KEY);
    }

    @Test
    void aMissingOrMalformedKeyIsRefusedWithoutShowingIt() {
        assertThatThrownBy(() -> TradingKey.fromEnvironment(Map.of(), "KEY")).hasMessageContaining("KEY: not set");
        String almost = DEV_KEY.substring(0, 62) + "zz";
        assertThatThrownBy(() -> TradingKey.fromEnvironment(Map.of("KEY", almost), "KEY"))
                .hasMessageContaining("not a private key").message().doesNotContain(almost).doesNotContain(DEV_KEY.substring(0, 62));
        assertThatThrownBy(() -> TradingKey.fromEnvironment(Map.of("KEY", "0".repeat(64)), "KEY"))
                .hasMessageContaining("not a valid secp256k1 private key");
    }

    @Test
    void aKeystoreWrittenByWeb3jOpensWithItsPassword(@TempDir Path dir) throws Exception {
        Path scrypt = write(dir.resolve("light.json"), Wallet.createLight("correct horse", key()));
        TradingKey key = TradingKey.fromKeystore(scrypt, Map.of("PW", "correct horse"), "PW");
        assertThat(key.address().hex()).isEqualTo(DEV_ADDRESS);
        assertThat(key.toString()).doesNotContain(DEV_KEY).doesNotContain("correct horse");
    }

    @Test
    void aWrongPasswordOrABrokenFileIsNamedWithoutTheSecret(@TempDir Path dir) throws Exception {
        Path file = write(dir.resolve("k.json"), Wallet.createLight("correct horse", key()));
        assertThatThrownBy(() -> TradingKey.fromKeystore(file, Map.of("PW", "battery staple"), "PW"))
                .hasMessageContaining("the password in PW does not open it").message().doesNotContain("battery staple");
        assertThatThrownBy(() -> TradingKey.fromKeystore(file, Map.of(), "PW")).hasMessageContaining("PW: not set");
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"version\": 3, \"crypto\": {\"cipher\": \"aes-128-ctr\"}}");
        assertThatThrownBy(() -> TradingKey.fromKeystore(broken, Map.of("PW", "x"), "PW")).hasMessageContaining("not a readable Ethereum keystore");
        assertThatThrownBy(() -> TradingKey.fromKeystore(dir.resolve("none.json"), Map.of("PW", "x"), "PW"))
                .hasMessageContaining("not a readable file");
    }

    @Test
    void aPbkdf2KeystoreOpensToo(@TempDir Path dir) throws Exception {
        // web3j writes scrypt only; turn its file into the PBKDF2 variant the format also allows, with a key derived the same way.
        WalletFile w = Wallet.createLight("pw", key());
        byte[] salt = "a salt of 32 bytes for the test!".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        javax.crypto.SecretKeyFactory f = javax.crypto.SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
        byte[] derived = f.generateSecret(new javax.crypto.spec.PBEKeySpec("pw".toCharArray(), salt, 1000, 256)).getEncoded();
        javax.crypto.Cipher aes = javax.crypto.Cipher.getInstance("AES/CTR/NoPadding");
        aes.init(javax.crypto.Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(derived, 0, 16, "AES"),
                new javax.crypto.spec.IvParameterSpec(org.web3j.utils.Numeric.hexStringToByteArray(w.getCrypto().getCipherparams().getIv())));
        byte[] cipher = aes.doFinal(org.web3j.utils.Numeric.hexStringToByteArray(DEV_KEY));
        byte[] macInput = new byte[16 + cipher.length];
        System.arraycopy(derived, 16, macInput, 0, 16);
        System.arraycopy(cipher, 0, macInput, 16, cipher.length);
        String json = """
                {"version": 3, "crypto": {"cipher": "aes-128-ctr", "ciphertext": "%s", "cipherparams": {"iv": "%s"},
                 "kdf": "pbkdf2", "kdfparams": {"c": 1000, "dklen": 32, "prf": "hmac-sha256", "salt": "%s"}, "mac": "%s"}}
                """.formatted(hex(cipher), w.getCrypto().getCipherparams().getIv(), hex(salt), hex(org.web3j.crypto.Hash.sha3(macInput)));
        Path file = Files.writeString(dir.resolve("pbkdf2.json"), json);
        assertThat(TradingKey.fromKeystore(file, Map.of("PW", "pw"), "PW").address().hex()).isEqualTo(DEV_ADDRESS);
    }

    private static ECKeyPair key() {
        return ECKeyPair.create(new BigInteger(DEV_KEY, 16));
    }

    private static Path write(Path file, WalletFile w) throws Exception {
        Files.writeString(file, new ObjectMapper().writeValueAsString(w));
        return file;
    }

    private static String hex(byte[] b) {
        return org.web3j.utils.Numeric.toHexStringNoPrefix(b);
    }
}
