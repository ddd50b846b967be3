const m = await import("/work/wt-reliability/src/bench/keeper.ts");
await m.run((n: string, v: string | number) => console.log(`${n}: ${v}`));
process.exit(0);
