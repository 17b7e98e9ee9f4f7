declare module 'elfy' {
  interface Program {
    type: string;
    offset: number;
    vaddr: number;
    paddr: number;
    filesz: number;
    memsz: number;
    flags: Record<string, boolean>;
    align: number;
  }
  interface SectionHeader {
    name: string;
    type: string | number;
    addr: number;
    size: number;
  }
  interface Parsed {
    entry: number;
    machine: string;
    body: { programs: Program[]; sections: SectionHeader[] };
  }
  const elfy: { parse(buf: Buffer): Parsed };
  export default elfy;
}
