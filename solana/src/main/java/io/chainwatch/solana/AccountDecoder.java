package io.chainwatch.solana;

/** Decodes the accounts one program owns. Implementations are stateless and thread-safe, and never throw. */
public interface AccountDecoder {
    PublicKey programId();

    /** The IDL's program name, as in {@link IdlRecord#programName()}. */
    String programName();

    /** Decodes account data: an 8-byte account discriminator, then the borsh fields. */
    DecodeResult<ProgramAccount> decode(byte[] data, int offset, int length);

    default DecodeResult<ProgramAccount> decode(byte[] data) {
        return decode(data, 0, data == null ? 0 : data.length);
    }
}
