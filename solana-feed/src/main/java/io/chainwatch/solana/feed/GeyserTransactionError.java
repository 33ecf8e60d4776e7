package io.chainwatch.solana.feed;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

/**
 * Turns a Yellowstone {@code meta.err} (the validator's {@code TransactionError}, serialized with
 * bincode) into the compact JSON the JSON-RPC API shows for it, so that a transaction read from gRPC
 * carries the same error text as one read from {@code getBlock}: {@code "AccountInUse"},
 * {@code {"InstructionError":[2,{"Custom":6001}]}}, {@code {"InstructionError":[0,"InvalidArgument"]}},
 * {@code {"DuplicateInstruction":3}}, {@code {"InsufficientFundsForRent":{"account_index":1}}}.
 *
 * <p>bincode writes an enum as its variant number (u32, little-endian) followed by the variant's
 * fields: u8 as one byte, u32 little-endian, a string as a u64 length and UTF-8 bytes. Variants
 * added after this list was written, and bytes that do not read as one whole error, are rendered as
 * {@code {"bincode":"<hex>"}}: the transaction still failed, and the raw error is kept. Stateless.
 */
final class GeyserTransactionError {
    /** TransactionError's variants by number, as Agave declares them. */
    private static final List<String> TRANSACTION_ERRORS = List.of(
            "AccountInUse", "AccountLoadedTwice", "AccountNotFound", "ProgramAccountNotFound", "InsufficientFundsForFee",
            "InvalidAccountForFee", "AlreadyProcessed", "BlockhashNotFound", "InstructionError", "CallChainTooDeep",
            "MissingSignatureForFee", "InvalidAccountIndex", "SignatureFailure", "InvalidProgramForExecution", "SanitizeFailure",
            "ClusterMaintenance", "AccountBorrowOutstanding", "WouldExceedMaxBlockCostLimit", "UnsupportedVersion",
            "InvalidWritableAccount", "WouldExceedMaxAccountCostLimit", "WouldExceedAccountDataBlockLimit", "TooManyAccountLocks",
            "AddressLookupTableNotFound", "InvalidAddressLookupTableOwner", "InvalidAddressLookupTableData",
            "InvalidAddressLookupTableIndex", "InvalidRentPayingAccount", "WouldExceedMaxVoteCostLimit",
            "WouldExceedAccountDataTotalLimit", "DuplicateInstruction", "InsufficientFundsForRent",
            "MaxLoadedAccountsDataSizeExceeded", "InvalidLoadedAccountsDataSizeLimit", "ResanitizationNeeded",
            "ProgramExecutionTemporarilyRestricted", "UnbalancedTransaction", "ProgramCacheHitMaxLimit", "CommitCancelled");
    private static final int INSTRUCTION_ERROR = 8;
    private static final int DUPLICATE_INSTRUCTION = 30;
    private static final int INSUFFICIENT_FUNDS_FOR_RENT = 31;
    private static final int PROGRAM_EXECUTION_TEMPORARILY_RESTRICTED = 35;

    /** InstructionError's variants by number, as Agave declares them. */
    private static final List<String> INSTRUCTION_ERRORS = List.of(
            "GenericError", "InvalidArgument", "InvalidInstructionData", "InvalidAccountData", "AccountDataTooSmall",
            "InsufficientFunds", "IncorrectProgramId", "MissingRequiredSignature", "AccountAlreadyInitialized",
            "UninitializedAccount", "UnbalancedInstruction", "ModifiedProgramId", "ExternalAccountLamportSpend",
            "ExternalAccountDataModified", "ReadonlyLamportChange", "ReadonlyDataModified", "DuplicateAccountIndex",
            "ExecutableModified", "RentEpochModified", "NotEnoughAccountKeys", "AccountDataSizeChanged", "AccountNotExecutable",
            "AccountBorrowFailed", "AccountBorrowOutstanding", "DuplicateAccountOutOfSync", "Custom", "InvalidError",
            "ExecutableDataModified", "ExecutableLamportChange", "ExecutableAccountNotRentExempt", "UnsupportedProgramId",
            "CallDepth", "MissingAccount", "ReentrancyNotAllowed", "MaxSeedLengthExceeded", "InvalidSeeds", "InvalidRealloc",
            "ComputationalBudgetExceeded", "PrivilegeEscalation", "ProgramEnvironmentSetupFailure", "ProgramFailedToComplete",
            "ProgramFailedToCompile", "Immutable", "IncorrectAuthority", "BorshIoError", "AccountNotRentExempt",
            "InvalidAccountOwner", "ArithmeticOverflow", "UnsupportedSysvar", "IllegalOwner", "MaxAccountsDataAllocationsExceeded",
            "MaxAccountsResizeExceeded", "MaxInstructionTraceLengthExceeded", "BuiltinProgramsMustConsumeComputeUnits");
    private static final int CUSTOM = 25;
    private static final int BORSH_IO_ERROR = 44;
    private static final int MAX_STRING_BYTES = 4_096;

    private GeyserTransactionError() {
    }

    /** The error as compact JSON; never null, never throws. */
    static String json(byte[] bincode) {
        Reader r = new Reader(bincode);
        String json = transactionError(r);
        return json != null && r.pos == bincode.length ? json : "{\"bincode\":\"" + HexFormat.of().formatHex(bincode) + "\"}";
    }

    /** Null when the bytes do not read as a known error. */
    private static String transactionError(Reader r) {
        long variant = r.u32();
        if (variant < 0 || variant >= TRANSACTION_ERRORS.size()) {
            return null;
        }
        String name = TRANSACTION_ERRORS.get((int) variant);
        return switch ((int) variant) {
            case INSTRUCTION_ERROR -> {
                int index = r.u8();
                String inner = instructionError(r);
                yield index < 0 || inner == null ? null : "{\"InstructionError\":[" + index + "," + inner + "]}";
            }
            case DUPLICATE_INSTRUCTION -> {
                int index = r.u8();
                yield index < 0 ? null : "{\"" + name + "\":" + index + "}";
            }
            case INSUFFICIENT_FUNDS_FOR_RENT, PROGRAM_EXECUTION_TEMPORARILY_RESTRICTED -> {
                int account = r.u8();
                yield account < 0 ? null : "{\"" + name + "\":{\"account_index\":" + account + "}}";
            }
            default -> "\"" + name + "\"";
        };
    }

    private static String instructionError(Reader r) {
        long variant = r.u32();
        if (variant < 0 || variant >= INSTRUCTION_ERRORS.size()) {
            return null;
        }
        String name = INSTRUCTION_ERRORS.get((int) variant);
        return switch ((int) variant) {
            case CUSTOM -> {
                long code = r.u32();
                yield code < 0 ? null : "{\"Custom\":" + code + "}";
            }
            // Older validators carry a message; newer ones (since the variant lost its field) none.
            case BORSH_IO_ERROR -> r.remaining() == 0 ? "\"" + name + "\"" : borshMessage(r);
            default -> "\"" + name + "\"";
        };
    }

    private static String borshMessage(Reader r) {
        String text = r.string();
        return text == null ? null : "{\"BorshIoError\":" + jsonString(text) + "}";
    }

    private static String jsonString(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /** Reads bincode values; each read returns -1 (or null) past the end instead of throwing. */
    private static final class Reader {
        private final byte[] bytes;
        private int pos;

        Reader(byte[] bytes) {
            this.bytes = bytes;
        }

        int remaining() {
            return bytes.length - pos;
        }

        int u8() {
            return remaining() < 1 ? -1 : bytes[pos++] & 0xFF;
        }

        long u32() {
            if (remaining() < 4) {
                return -1;
            }
            long v = (bytes[pos] & 0xFFL) | (bytes[pos + 1] & 0xFFL) << 8 | (bytes[pos + 2] & 0xFFL) << 16 | (bytes[pos + 3] & 0xFFL) << 24;
            pos += 4;
            return v;
        }

        String string() {
            if (remaining() < 8) {
                return null;
            }
            long length = 0;
            for (int i = 7; i >= 0; i--) {
                length = length << 8 | (bytes[pos + i] & 0xFF);
            }
            pos += 8;
            if (length < 0 || length > MAX_STRING_BYTES || length > remaining()) {
                return null;
            }
            String s = new String(bytes, pos, (int) length, StandardCharsets.UTF_8);
            pos += (int) length;
            return s;
        }
    }
}
