package io.chainwatch.solana.tx;

import io.chainwatch.solana.Base58;
import io.chainwatch.solana.PublicKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The wire format: compact-u16 lengths, legacy and v0 messages, and the ways bytes can fail to be one. */
@Timeout(30)
class TransactionWireReaderTest {
    private static final PublicKey PAYER = BuyTransaction.key("payer");
    private static final PublicKey MEMO = PublicKey.fromBase58("MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr");
    private static final PublicKey BLOCKHASH = BuyTransaction.key("blockhash");
    private static final byte[] SIGNATURE = BuyTransaction.sha512("memo signature");

    @Test
    void compactU16IsSevenBitsAByteLowFirstAsSolanaWritesIt() {
        // The examples of Solana's short_vec documentation.
        assertThat(HexFormat.of().formatHex(WireWriter.compactU16Bytes(0))).isEqualTo("00");
        assertThat(HexFormat.of().formatHex(WireWriter.compactU16Bytes(0x7f))).isEqualTo("7f");
        assertThat(HexFormat.of().formatHex(WireWriter.compactU16Bytes(0x80))).isEqualTo("8001");
        assertThat(HexFormat.of().formatHex(WireWriter.compactU16Bytes(0x3fff))).isEqualTo("ff7f");
        assertThat(HexFormat.of().formatHex(WireWriter.compactU16Bytes(0x4000))).isEqualTo("808001");
        assertThat(HexFormat.of().formatHex(WireWriter.compactU16Bytes(0xffff))).isEqualTo("ffff03");
    }

    @Test
    void instructionDataLongerThan127BytesHasATwoByteLength() throws Exception {
        byte[] memo = new byte[300];
        Arrays.fill(memo, (byte) 'a');
        byte[] wire = memoTransaction(memo);
        WireTransaction tx = TransactionWireReader.read(wire);
        assertThat(tx.signatures()).containsExactly(Base58.encode(SIGNATURE));
        assertThat(tx.message().version()).isEqualTo(TransactionVersion.LEGACY);
        assertThat(tx.message().staticAccountKeys()).containsExactly(PAYER, MEMO);
        assertThat(tx.message().recentBlockhash()).isEqualTo(BLOCKHASH);
        assertThat(tx.message().instructions()).containsExactly(new CompiledInstruction(1, List.of(0), memo));
        // 1 + 64 signature, 3 header, 1 + 64 keys, 32 blockhash, 1 count, 1 program, 1 + 1 accounts, 2 + 300 data.
        assertThat(wire).hasSize(471);
    }

    @Test
    void v0MessageReadsItsLookups() throws Exception {
        byte[] wire = WireWriter.transaction(List.of(SIGNATURE), true, new int[]{1, 0, 1}, List.of(PAYER, MEMO), BLOCKHASH,
                List.of(new WireWriter.Ix(1, new int[]{0, 2, 3}, new byte[]{1, 2})),
                List.of(new WireWriter.Lookup(BuyTransaction.key("table"), new int[]{7}, new int[]{200})));
        TransactionMessage m = TransactionWireReader.read(wire).message();
        assertThat(m.version()).isEqualTo(TransactionVersion.V0);
        assertThat(m.addressTableLookups()).containsExactly(new AddressTableLookup(BuyTransaction.key("table"), List.of(7), List.of(200)));
        assertThat(m.instructions().getFirst().accounts()).containsExactly(0, 2, 3);
    }

    @Test
    void aLaterMessageVersionIsRefusedByName() {
        byte[] wire = memoTransaction(new byte[]{1});
        byte[] v1 = new byte[wire.length + 1];
        System.arraycopy(wire, 0, v1, 0, 65);
        v1[65] = (byte) 0x81;
        System.arraycopy(wire, 65, v1, 66, wire.length - 65);
        assertThatThrownBy(() -> TransactionWireReader.read(v1, "tx"))
                .isInstanceOf(TransactionFormatException.class)
                .hasMessage("tx at byte 65: message version 1 is not supported (legacy and v0 are)");
    }

    @Test
    void nonCanonicalOrOversizedCompactU16IsRefused() {
        byte[] wire = memoTransaction(new byte[]{1});
        byte[] alias = new byte[wire.length + 1];
        alias[0] = (byte) 0x81;
        alias[1] = 0; // 1 written in two bytes
        System.arraycopy(wire, 1, alias, 2, wire.length - 1);
        assertThatThrownBy(() -> TransactionWireReader.read(alias, "tx"))
                .hasMessage("tx at byte 0: signature count: compact-u16 with a needless zero byte");
        assertThatThrownBy(() -> TransactionWireReader.read(new byte[]{(byte) 0xff, (byte) 0xff, 0x04}, "tx"))
                .hasMessage("tx at byte 0: signature count: compact-u16 above 65535");
        assertThatThrownBy(() -> TransactionWireReader.read(new byte[]{(byte) 0x80, (byte) 0x80, (byte) 0x80, 1}, "tx"))
                .hasMessage("tx at byte 0: signature count: compact-u16 longer than 3 bytes");
    }

    @Test
    void shortTrailingOrMismatchedBytesAreRefusedWithTheirOffset() {
        byte[] wire = memoTransaction(new byte[]{1, 2, 3});
        assertThatThrownBy(() -> TransactionWireReader.read(Arrays.copyOf(wire, wire.length - 1), "tx"))
                .hasMessage("tx at byte " + (wire.length - 3) + ": instruction 0 data: needs 3 bytes, 2 left of " + (wire.length - 1));
        assertThatThrownBy(() -> TransactionWireReader.read(Arrays.copyOf(wire, wire.length + 2), "tx"))
                .hasMessage("tx at byte " + wire.length + ": 2 bytes after the end of the message");
        assertThatThrownBy(() -> TransactionWireReader.read(new byte[0]))
                .hasMessage("transaction at byte 0: signature count: ends inside a compact-u16");

        byte[] twoSignatures = WireWriter.transaction(List.of(SIGNATURE, SIGNATURE), false, new int[]{1, 0, 1}, List.of(PAYER, MEMO),
                BLOCKHASH, List.of(), List.of());
        assertThatThrownBy(() -> TransactionWireReader.read(twoSignatures, "tx"))
                .hasMessage("tx: 2 signatures for a message that requires 1");

        byte[] outside = WireWriter.transaction(List.of(SIGNATURE), false, new int[]{1, 0, 1}, List.of(PAYER, MEMO), BLOCKHASH,
                List.of(new WireWriter.Ix(2, new int[]{0}, new byte[0])), List.of());
        assertThatThrownBy(() -> TransactionWireReader.read(outside, "tx"))
                .hasMessage("tx: instruction 0 program id index 2 is outside the message's 2 account keys");

        byte[] badHeader = WireWriter.transaction(List.of(SIGNATURE), false, new int[]{1, 0, 2}, List.of(PAYER, MEMO), BLOCKHASH,
                List.of(), List.of());
        assertThatThrownBy(() -> TransactionWireReader.read(badHeader, "tx"))
                .hasMessage("tx: header (1, 0, 2) does not fit 2 account keys");
    }

    private static byte[] memoTransaction(byte[] memo) {
        return WireWriter.transaction(List.of(SIGNATURE), false, new int[]{1, 0, 1}, List.of(PAYER, MEMO), BLOCKHASH,
                List.of(new WireWriter.Ix(1, new int[]{0}, memo)), List.of());
    }
}
