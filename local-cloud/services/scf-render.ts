import type { SyncOutcome } from './functions-model';

/**
 * SCF Invoke answers (the content of `Response`, without RequestId) in the shape of `InvokeResponse`
 * of tencentcloud-sdk-nodejs `scf_models.d.ts`: an asynchronous invocation answers only the
 * FunctionRequestId (the model says the other `Result` fields come back empty for it).
 */

type Json = Record<string, unknown>;

export class ScfRenderer {
  accepted(functionRequestId: string): Json {
    return { Result: { FunctionRequestId: functionRequestId, Log: '', RetMsg: '', ErrMsg: '', MemUsage: 0, Duration: 0, BillDuration: 0, InvokeResult: 0 } };
  }

  answered(functionRequestId: string, outcome: SyncOutcome): Json {
    const retMsg = outcome.ok ? (typeof outcome.answer === 'string' ? outcome.answer : JSON.stringify(outcome.answer ?? null)) : '';
    return {
      Result: {
        FunctionRequestId: functionRequestId,
        Log: '',
        RetMsg: retMsg,
        ErrMsg: outcome.ok ? '' : outcome.error,
        MemUsage: 0,
        Duration: 0,
        BillDuration: 0,
        InvokeResult: outcome.ok ? 0 : -1,
      },
    };
  }
}
