import { Controller, Get } from '@nestjs/common';

/** Liveness and readiness: answers once the app's consumers have joined their groups. */
@Controller()
export class HealthController {
  @Get('health')
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
