package io.kiln.tftp.internal.codec;

/** One TFTP packet, decoded: an immutable value with no knowledge of sockets, files or policy. */
public sealed interface TftpMessage permits ReadRequest, WriteRequest, Data, Ack, TftpError, OptionAck {

    /** RFC 1350 opcode of a read request. */
    int RRQ = 1;
    /** RFC 1350 opcode of a write request. */
    int WRQ = 2;
    /** RFC 1350 opcode of a data block. */
    int DATA = 3;
    /** RFC 1350 opcode of an acknowledgement. */
    int ACK = 4;
    /** RFC 1350 opcode of an error. */
    int ERROR = 5;
    /** RFC 2347 opcode of an option acknowledgement. */
    int OACK = 6;

    /** The opcode this message is encoded with. */
    int opcode();
}
