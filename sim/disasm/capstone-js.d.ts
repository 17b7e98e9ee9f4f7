// The part of @alexaltea/capstone-js (Capstone 5 compiled to WASM) that m4sim uses.
declare module '@alexaltea/capstone-js' {
  interface CsInstruction {
    id: number;
    address: bigint;
    size: number;
    bytes: number[];
    mnemonic: string;
    op_str: string;
  }
  interface CsHandle {
    disasm(buffer: Uint8Array | number[], addr: number, max?: number): CsInstruction[];
    close(): void;
  }
  interface CsModule {
    ARCH_ARM: number;
    MODE_THUMB: number;
    MODE_MCLASS: number;
    Capstone: new (arch: number, mode: number) => CsHandle;
  }
  const MCapstone: () => Promise<CsModule>;
  export default MCapstone;
}
