package io.chainwatch.solana;

/** Decodes the Anchor events of one program. Implementations are stateless and thread-safe, and never throw. */
public interface EventDecoder {
    /**
     * The tag Anchor puts before an event emitted as a self-CPI instruction ({@code emit_cpi!}):
     * sha256("anchor:event")[..8], {@code e445a52e51cb9a1d}, as a little-endian long.
     */
    long EVENT_INSTRUCTION_TAG = 0x1d9acb512ea545e4L;

    PublicKey programId();

    /** The IDL's program name, as in {@link IdlRecord#programName()}. */
    String programName();

    /** Decodes {@code length} bytes from {@code offset}: an 8-byte event discriminator, then the borsh payload. */
    DecodeResult<ProgramEvent> decode(byte[] data, int offset, int length);

    default DecodeResult<ProgramEvent> decode(byte[] data) {
        return decode(data, 0, data == null ? 0 : data.length);
    }

    /**
     * Decodes an event carried as instruction data: the instruction must be this program's own (a
     * self-CPI) and start with {@link #EVENT_INSTRUCTION_TAG}; anything else is {@link DecodeResult.Unknown}.
     */
    default DecodeResult<ProgramEvent> decodeInstruction(PublicKey instructionProgram, byte[] data, int offset, int length) {
        if (!programId().equals(instructionProgram) || data == null || length < 16 || offset < 0 || offset > data.length - length
                || Discriminators.read(data, offset) != EVENT_INSTRUCTION_TAG) {
            return DecodeResult.unknown();
        }
        return decode(data, offset + 8, length - 8);
    }

    default DecodeResult<ProgramEvent> decodeInstruction(PublicKey instructionProgram, byte[] data) {
        return decodeInstruction(instructionProgram, data, 0, data == null ? 0 : data.length);
    }
}
